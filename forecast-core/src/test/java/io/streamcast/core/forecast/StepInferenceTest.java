package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.domain.Observation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepInferenceTest {
    private static final long T0 = 1_404_172_800_000L;
    private static final long MIN5 = 300_000L;
    private static final ForecastSettings SETTINGS = new ForecastSettings(6, 12, 4, 0.9, 3, Duration.ofMinutes(5));

    private final SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);

    @Test
    void aKeyThatStartsWithTwoObservationsOneMillisecondApartRecoversItsStep() {
        SeriesState s = forecaster.newState();
        forecaster.observe(s, new Observation("k", T0, 1), null);
        forecaster.observe(s, new Observation("k", T0 + 1, 1), null); // the odd pair sets the first step
        assertThat(s.stepMillis()).isEqualTo(1);
        int resets = 0;
        long t = T0 + 1;
        for (int i = 0; i < 20; i++) {
            t += MIN5;
            resets += forecaster.observe(s, new Observation("k", t, i), null).reset() ? 1 : 0;
        }
        assertThat(s.stepMillis()).isEqualTo(MIN5);
        // the old rule (the smallest spacing ever seen) reset this key on every one of the 20 observations
        assertThat(resets).isEqualTo(StepInference.CONFIRMATIONS - 1);
        assertThat(s.windowCount()).isEqualTo(12);
    }

    @Test
    void oneOddPairLaterDoesNotChangeAnEstablishedStep() {
        SeriesState s = forecaster.newState();
        long t = T0;
        for (int i = 0; i < 10; i++) {
            forecaster.observe(s, new Observation("k", t, i), null);
            t += MIN5;
        }
        forecaster.observe(s, new Observation("k", t - MIN5 + 1, 3), null); // 1 ms after the last one
        StepOutcome next = forecaster.observe(s, new Observation("k", t + MIN5, 4), null);
        assertThat(s.stepMillis()).isEqualTo(MIN5);
        assertThat(next.reset()).isFalse();
        assertThat(next.forecast().points().get(0).targetMillis()).isEqualTo(t + 2 * MIN5);
    }

    @Test
    void jitterWithinTheToleranceKeepsTheStepAndARealRateChangeIsFollowed() {
        SeriesState s = forecaster.newState();
        long t = T0;
        for (int i = 0; i < 10; i++) {
            forecaster.observe(s, new Observation("k", t, i), null);
            t += MIN5 + (i % 2 == 0 ? 7_000 : -7_000); // +-7 s of jitter
        }
        assertThat(s.stepMillis()).isBetween(MIN5 - 7_000, MIN5 + 7_000);
        long before = s.stepMillis();
        for (int i = 0; i < 5; i++) {
            t += 60_000; // the sensor now reports every minute
            forecaster.observe(s, new Observation("k", t, i), null);
        }
        assertThat(before).isNotEqualTo(60_000);
        assertThat(s.stepMillis()).isEqualTo(60_000);
    }

    @Test
    void aGapIsFilledNotMistakenForANewStep() {
        SeriesState s = forecaster.newState();
        long t = T0;
        for (int i = 0; i < 6; i++) {
            forecaster.observe(s, new Observation("k", t, i), null);
            t += MIN5;
        }
        StepOutcome gap = forecaster.observe(s, new Observation("k", t + MIN5, 9), null); // one step missing
        assertThat(gap.filled()).isEqualTo(1);
        assertThat(s.stepMillis()).isEqualTo(MIN5);
    }
}
