package io.streamcast.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LastWrittenTest {
    private static final long T = 1_404_172_800_000L; // 2014-07-01
    private static final long HOUR = 3_600_000L;

    /** A forecast made at {@code T + hours}, hourly, with these means and one half-width for every step. */
    private static Forecast forecast(double hours, float halfWidth, float... means) {
        long origin = T + (long) (hours * HOUR);
        List<ForecastPoint> points = new ArrayList<>();
        for (int k = 1; k <= means.length; k++) {
            points.add(ForecastPoint.symmetric(k, origin + k * HOUR, means[k - 1], halfWidth));
        }
        return new Forecast("a", origin, "baseline", points);
    }

    private static LastWritten written(Forecast f) {
        return LastWritten.decode(LastWritten.of(f, 5).encode()); // always through the bytes, as the store holds it
    }

    @Test
    void aForecastEqualToTheWrittenOneHasNotMovedAtAnyTolerance() {
        Forecast f = forecast(0, 1843.5f, 10844.0f, 8127.25f, 7000.5f, 6500.125f);
        LastWritten w = written(f);
        assertThat(w.seen).isEqualTo(5);
        assertThat(w.originMillis).isEqualTo(T);
        assertThat(w.stepMillis).isEqualTo(HOUR);
        assertThat(w.moved(f, 0)).isFalse();
        assertThat(w.moved(forecast(0, 1843.5f, 10844.0f, 8127.25f, 7000.5f, 6501f), 0)).isTrue();
    }

    @Test
    void meansAreComparedAtTheSameTargetTimesAndStepsPastTheWrittenHorizonAreNotAMove() {
        LastWritten w = written(forecast(0, 1, 1, 2, 3, 4, 5, 6));
        // two hours later: its steps 1-4 are the written steps 3-6; its steps 5 and 6 have nothing to compare with
        assertThat(w.moved(forecast(2, 1, 3, 4, 5, 6, 99, 99), 0)).isFalse();
        assertThat(w.moved(forecast(2, 1, 3, 4, 5, 7, 99, 99), 0.5f)).isTrue();
        // the elapsed steps are rounded: ten minutes late is still two steps on
        assertThat(w.moved(forecast(2 + 1 / 6.0, 1, 3, 4, 5, 6, 99, 99), 0)).isFalse();
        // six steps on, the written forecast no longer covers the next step: a move, whatever the means
        assertThat(w.moved(forecast(5, 1, 6, 6, 6, 6, 6, 6), 0)).isFalse();
        assertThat(w.moved(forecast(6, 1, 6, 6, 6, 6, 6, 6), 1e9)).isTrue();
    }

    @Test
    void aMoveIsMeasuredInTheNewStepsHalfWidth() {
        LastWritten w = written(forecast(0, 0.5f, 1000, 1000, 1000));
        assertThat(w.moved(forecast(1, 0.5f, 1000.2f, 1000), 0.5)).isFalse(); // 0.2 <= 0.5 × 0.5
        assertThat(w.moved(forecast(1, 0.5f, 1000.3f, 1000), 0.5)).isTrue(); // 0.3 > 0.25
        assertThat(w.moved(forecast(1, 2f, 1000.3f, 1000), 0.5)).isFalse(); // 0.3 <= 0.5 × 2: the interval widened
        // 0 is any move the grid sees: a thousandth of a half-width
        assertThat(w.moved(forecast(1, 0.5f, 1000.001f, 1000), 0)).isTrue();
    }

    @Test
    void intervalsOfWidthZeroAreStoredExactlySoAnyMoveIsSeen() {
        LastWritten w = written(forecast(0, 0, 10, 10, 10));
        assertThat(w.moved(forecast(1, 0, 10, 10), 1e6)).isFalse();
        assertThat(w.moved(forecast(1, 0, 10, Math.nextUp(10f)), 1e6)).isTrue();
        LastWritten huge = written(forecast(0, 0, 3e38f, -3e38f, 1e-30f));
        assertThat(huge.moved(forecast(1, 0, -3e38f, 1e-30f), 0)).isFalse();
        assertThat(huge.moved(forecast(1, 0, -3e38f, 0), 0)).isFalse(); // below the grid at 3e38: the floats' own
    }

    @Test
    void aChangedStepIsAMove() {
        LastWritten w = written(forecast(0, 1, 5, 5, 5));
        Forecast halfHourly = new Forecast("a", T + HOUR, "baseline", List.of(
                ForecastPoint.symmetric(1, T + HOUR + HOUR / 2, 5, 1), ForecastPoint.symmetric(2, T + 2 * HOUR, 5, 1)));
        assertThat(w.moved(halfHourly, 1e9)).isTrue();
    }

    @Test
    void aTypicalHorizonOf48TakesAboutTwoBytesAMean() {
        Random random = new Random(1);
        float[] means = new float[48];
        for (int k = 0; k < 48; k++) {
            means[k] = (float) (15000 + 5000 * Math.sin(2 * Math.PI * k / 48) + 300 * random.nextGaussian());
        }
        List<ForecastPoint> points = new ArrayList<>();
        for (int k = 1; k <= 48; k++) {
            points.add(ForecastPoint.symmetric(k, T + k * 1_800_000L, means[k - 1], (float) (1500 + 50 * k)));
        }
        byte[] bytes = LastWritten.of(new Forecast("a", T, "v1", points), 1_000_000).encode();
        assertThat(bytes.length).isLessThan(4 * 48).isBetween(48, 130);
    }

    @Test
    void bytesItDidNotWriteAreRefusedAsIllegalArgumentsOnly() {
        byte[] good = LastWritten.of(forecast(0, 1, 1, 2, 3), 1).encode();
        assertThatThrownBy(() -> LastWritten.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LastWritten.decode(new byte[] {2})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LastWritten.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LastWritten.decode(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = LastWritten.LAYOUT;
            }
            try {
                LastWritten.decode(bytes);
            } catch (IllegalArgumentException expected) {
                // the policy writes the key's forecast and stores a good record over it
            }
        }
    }
}
