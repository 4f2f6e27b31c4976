package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.domain.Observation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepInferenceTest {
    private static final long T0 = 1_404_172_800_000L;
    private static final long MIN5 = 300_000L;
    private static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(6).window(12).season(4)
            .maxGapFill(3).defaultStep(Duration.ofMinutes(5)).build();

    private final SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);

    @Test
    void aKeyThatStartsWithTwoObservationsOneMillisecondApartRecoversItsStep() {
        SeriesState s = forecaster.newState();
        forecaster.observe(s, new Observation("k", T0, 1), null);
        forecaster.observe(s, new Observation("k", T0 + 1, 1), null); // the odd pair sets the first step
        assertThat(s.stepMillis()).isEqualTo(1);
        // While the step is 1 ms, a 5-minute spacing is 300,000 steps: a gap far over the fill limit (3), so the
        // key resets. The 1st and 2nd 5-minute spacings are only a candidate (1, then 2 agreeing in a row) and
        // reset the key; the 3rd is the third agreeing spacing in a row, becomes the step, and is no gap.
        long t = T0 + 1;
        boolean[] resets = new boolean[20];
        for (int i = 0; i < 20; i++) {
            t += MIN5;
            resets[i] = forecaster.observe(s, new Observation("k", t, i), null).reset();
            assertThat(s.stepMillis()).as("after %d 5-minute spacings", i + 1).isEqualTo(i < 2 ? 1 : MIN5);
        }
        boolean[] expected = new boolean[20];
        expected[0] = true;
        expected[1] = true;
        // the old rule (the smallest spacing ever seen) reset this key on every one of the 20 observations
        assertThat(resets).containsExactly(expected);
        // the window restarted at the 2nd reset (observation 1) and has taken 19 values since: full at W = 12
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
        forecaster.observe(s, new Observation("k", t, 0), null);
        t += MIN5;
        forecaster.observe(s, new Observation("k", t, 1), null);
        assertThat(s.stepMillis()).isEqualTo(MIN5);
        // Jitter that stays on one side for a while: five spacings of 307 s, then five of 293 s. |7,000 ms| is
        // within 10 % of the larger spacing (0.1 * 307,000 = 30,700), so each is the step itself, never a
        // candidate: the step stays exactly 300,000 although more than 3 odd spacings come in a row, and none is
        // a gap (round(307/300) - 1 = round(293/300) - 1 = 0 missing).
        for (int i = 0; i < 10; i++) {
            t += i < 5 ? MIN5 + 7_000 : MIN5 - 7_000;
            StepOutcome out = forecaster.observe(s, new Observation("k", t, i), null);
            assertThat(s.stepMillis()).as("after jittered spacing %d", i + 1).isEqualTo(MIN5);
            assertThat(out.filled()).isZero();
            assertThat(out.reset()).isFalse();
        }
        // The sensor now reports every minute (80 % off the step): a candidate after the 1st and 2nd one-minute
        // spacing, the step from the 3rd on.
        for (int i = 1; i <= 5; i++) {
            t += 60_000;
            forecaster.observe(s, new Observation("k", t, i), null);
            assertThat(s.stepMillis()).as("after %d one-minute spacings", i).isEqualTo(i < 3 ? MIN5 : 60_000);
        }
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
