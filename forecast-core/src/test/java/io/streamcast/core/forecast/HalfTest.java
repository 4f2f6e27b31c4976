package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HalfTest {

    @Test
    void exactValuesRoundTrip() {
        for (float v : new float[] {0f, -0f, 1f, -2f, 0.5f, 1024f, 65504f, 6.1035156e-5f, 5.9604645e-8f}) {
            assertThat(Half.toFloat(Half.fromFloat(v))).isEqualTo(v);
        }
    }

    @Test
    void relativeErrorIsWithinHalfPrecision() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            float v = (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(8) - 3));
            float back = Half.toFloat(Half.fromFloat(v));
            assertThat((double) back).isCloseTo(v, within(Math.abs(v) * 0x1p-11 + 6e-8));
        }
    }

    @Test
    void specialValues() {
        assertThat(Half.toFloat(Half.NaN)).isNaN();
        assertThat(Half.toFloat(Half.fromFloat(Float.NaN))).isNaN();
        assertThat(Half.toFloat(Half.fromFloat(1e6f))).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Half.toFloat(Half.fromFloat(-1e6f))).isEqualTo(Float.NEGATIVE_INFINITY);
    }
}
