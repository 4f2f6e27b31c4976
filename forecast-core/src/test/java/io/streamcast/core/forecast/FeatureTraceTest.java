package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.domain.Observation;
import io.streamcast.core.model.Feature;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Training's inputs ({@link FeatureTrace}) are the inputs serving encodes ({@link CarriedModelStepper}). */
class FeatureTraceTest {
    private static final long T0 = 1_404_172_800_000L;
    private static final long HOUR = 3_600_000L;

    @Test
    void everyFeatureTrainingComputesIsWhatServingEncodesForTheNewestValueAndForTheWindowItReprimesFrom() {
        ForecastSettings settings = new ForecastSettings(6, 12, 4, 0.9, 3, Duration.ofHours(1));
        Feature[] all = Feature.values();
        int diff = java.util.Arrays.asList(all).indexOf(Feature.DIFF);
        int seasonalDiff = java.util.Arrays.asList(all).indexOf(Feature.SEASONAL_DIFF);
        int n = 200;
        long[] ts = new long[n];
        float[] ys = new float[n];
        Random random = new Random(5);
        for (int i = 0; i < n; i++) { // a season of 4, an alternation of period 2, noise
            ts[i] = T0 + i * HOUR;
            ys[i] = (float) (50 + 5 * Math.sin(i * Math.PI / 2) + (i % 2 == 0 ? 2 : -2) + random.nextGaussian());
        }
        FeatureTrace trace = FeatureTrace.of(settings, all, ts, ys);
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        CarriedModelStepper stepper = new CarriedModelStepper(settings);
        SeriesState s = forecaster.newState();
        for (int t = 0; t < n; t++) {
            forecaster.observe(s, new Observation("k", ts[t], ys[t]), null);
            double scale = SeriesNormalization.effectiveScale(s);
            // a carried step: exactly training's numbers
            assertThat(stepper.encode(s, 0, ts[t], all)).as("step %d", t).containsExactly(trace.features(t));
            double expectedDiff = t == 0 ? 0 : (ys[t] - ys[t - 1]) / scale;
            assertThat((double) trace.features(t)[diff]).isCloseTo(expectedDiff, within(1e-5));
            // re-priming from the window: each value's differences as training saw them (priming scales them
            // with the key's current scale), 0 where the window does not reach back to the older value
            for (int age = 1; age < s.windowCount(); age++) {
                float[] primed = stepper.encode(s, age, ts[t - age], all);
                float[] trained = trace.features(t - age);
                double trainedScale = trace.scale(t - age);
                assertThat(primed[diff] * scale).as("step %d age %d", t, age).isCloseTo(
                        age + 1 < s.windowCount() ? trained[diff] * trainedScale : 0, within(1e-4));
                assertThat(primed[seasonalDiff] * scale).as("step %d age %d", t, age).isCloseTo(
                        age + 4 < s.windowCount() ? trained[seasonalDiff] * trainedScale : 0, within(1e-4));
            }
        }
        assertThat(trace.features(0)[diff]).isZero();
        assertThat(trace.features(1)[diff]).isNotZero();
    }
}
