package io.streamcast.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FloatTextTest {

    @Test
    void writesShortDecimalsInJavasLayout() {
        assertThat(FloatText.toString(0.1f)).isEqualTo("0.1");
        assertThat(FloatText.toString(100.5f)).isEqualTo("100.5");
        assertThat(FloatText.toString(-3.25f)).isEqualTo("-3.25");
        assertThat(FloatText.toString(10844f)).isEqualTo("10844.0");
        assertThat(FloatText.toString(1234567f)).isEqualTo("1234567.0");
        assertThat(FloatText.toString(1e7f)).isEqualTo("1.0E7");
        assertThat(FloatText.toString(1e10f)).isEqualTo("1.0E10");
        // 1.5E10 lies exactly on the edge of 1.5e10f's rounding interval (the float is 15000000512, its ulp
        // 1024): a reader's round-half-even takes it, but the margin does not, so more digits, still exact
        assertThat(FloatText.toString(1.5e10f)).isEqualTo("1.5000001E10");
        assertThat(FloatText.toString(0.001f)).isEqualTo("0.001");
        assertThat(FloatText.toString(0.00012f)).isEqualTo("1.2E-4");
        assertThat(FloatText.toString(0f)).isEqualTo("0.0");
        assertThat(FloatText.toString(-0f)).isEqualTo("-0.0");
        assertThat(FloatText.toString(9.999999f)).isEqualTo("9.999999");
        assertThat(FloatText.toString(Float.MAX_VALUE)).isEqualTo("3.4028235E38");
        assertThat(FloatText.toString(Float.NaN)).isEqualTo("NaN");
    }

    @Test
    void everyFiniteFloatReadsBackExactlyAndIsAtMostADigitLongerThanJavas() {
        Random random = new Random(11);
        for (int i = 0; i < 1_000_000; i++) {
            float v = i % 2 == 0 ? Float.intBitsToFloat(random.nextInt()) // every exponent, subnormals too
                    : (float) (100 + 30 * random.nextGaussian()); // forecast-like values
            if (!Float.isFinite(v)) {
                continue;
            }
            String text = FloatText.toString(v);
            assertThat(Float.floatToRawIntBits(Float.parseFloat(text))).as(text).isEqualTo(Float.floatToRawIntBits(v));
            assertThat(text.length()).as("%s vs %s", text, Float.toString(v))
                    .isLessThanOrEqualTo(Float.toString(v).length() + 1);
        }
        for (float v : new float[] {Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MAX_VALUE, 1e-45f, 9.999999e-4f, 1e-3f,
                9999999f, 9.9999998e6f, 1e38f, 0.3f, 2f / 3}) {
            String text = FloatText.toString(v);
            assertThat(Float.parseFloat(text)).as(text).isEqualTo(v);
        }
    }

    @Test
    void powersOfTwoAndTheirNeighboursReadBackExactly() {
        // at a power of two the float below is half as far as the float above: the rounding interval is lopsided
        for (int exponent = 1; exponent < 255; exponent++) {
            float power = Float.intBitsToFloat(exponent << 23);
            for (float v : new float[] {power, Math.nextDown(power), Math.nextUp(power)}) {
                String text = FloatText.toString(v);
                assertThat(Float.floatToRawIntBits(Float.parseFloat(text))).as(text)
                        .isEqualTo(Float.floatToRawIntBits(v));
                assertThat(text.length()).as("%s vs %s", text, Float.toString(v))
                        .isLessThanOrEqualTo(Float.toString(v).length() + 1);
            }
        }
    }

    @Test
    void writesAtTheGivenPositionAndReturnsTheEnd() {
        byte[] buf = "xx..................".getBytes(StandardCharsets.US_ASCII);
        int end = FloatText.write(-0.00125f, buf, 2);
        assertThat(new String(buf, 0, end, StandardCharsets.US_ASCII)).isEqualTo("xx-0.00125");
    }
}
