package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.domain.Observation;
import io.streamcast.core.model.Feature;
import io.streamcast.core.model.Transform;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Training's inputs ({@link FeatureTrace}) are the inputs serving encodes ({@link ModelInputs}), in either space. */
class FeatureTraceTest {
    private static final long T0 = 1_404_172_800_000L;
    private static final long HOUR = 3_600_000L;
    private static final int H = 6;
    private static final int M = 4;
    private static final int M2 = 8;

    @ParameterizedTest
    @EnumSource(Transform.class)
    void everyInputTrainingComputesIsWhatServingEncodesForTheNewestValueAndForTheWindowItReprimesFrom(Transform space) {
        ForecastSettings settings = ForecastSettings.builder().horizon(H).window(12).season(M).maxGapFill(3).build();
        Feature[] all = Feature.values();
        int diff = Arrays.asList(all).indexOf(Feature.DIFF);
        int seasonalDiff = Arrays.asList(all).indexOf(Feature.SEASONAL_DIFF);
        int n = 200;
        long[] ts = new long[n];
        float[] ys = new float[n];
        Random random = new Random(5);
        for (int i = 0; i < n; i++) { // a season of 4, an alternation of period 2, noise
            ts[i] = T0 + i * HOUR;
            ys[i] = (float) (50 + 5 * Math.sin(i * Math.PI / 2) + (i % 2 == 0 ? 2 : -2) + random.nextGaussian());
        }
        FeatureTrace trace = FeatureTrace.of(settings, all, space, M2, false, ts, ys);
        ModelInputs inputs = new ModelInputs(all, space, H, M, M2, false);
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        SeriesState s = forecaster.newState();
        float[] encoded = new float[inputs.size()];
        for (int t = 0; t < n; t++) {
            forecaster.observe(s, new Observation("k", ts[t], ys[t]), null);
            double scale = inputs.scale(s);
            // a carried step: exactly training's numbers
            inputs.encode(s, 0, ts[t], encoded);
            assertThat(encoded).as("step %d", t).containsExactly(trace.features(t));
            double expectedDiff = t == 0 ? 0 : (inputs.toSpace(ys[t]) - inputs.toSpace(ys[t - 1])) / scale;
            assertThat((double) trace.features(t)[diff]).isCloseTo(expectedDiff, within(1e-4));
            // re-priming from the window: each value's differences as training saw them (priming scales them
            // with the key's current scale), 0 where the window does not reach back to the older value
            for (int age = 1; age < s.windowCount(); age++) {
                inputs.encode(s, age, ts[t - age], encoded);
                float[] trained = trace.features(t - age);
                double trainedScale = trace.scale(t - age);
                assertThat(encoded[diff] * scale).as("step %d age %d", t, age).isCloseTo(
                        age + 1 < s.windowCount() ? trained[diff] * trainedScale : 0, within(1e-4));
                assertThat(encoded[seasonalDiff] * scale).as("step %d age %d", t, age).isCloseTo(
                        age + M < s.windowCount() ? trained[seasonalDiff] * trainedScale : 0, within(1e-4));
            }
        }
        assertThat(trace.features(0)[diff]).isZero();
        assertThat(trace.features(1)[diff]).isNotZero();
    }

    @ParameterizedTest
    @EnumSource(Transform.class)
    void theSecondSeasonInputsAreTheWeekAgoValuesAgainstTheBaselineStepByStepAndTargetsCorrectTheBaseline(
            Transform space) {
        ForecastSettings settings = ForecastSettings.builder().horizon(H).window(12).season(M).maxGapFill(3).build();
        Feature[] fs = {Feature.SEASON2_DIFF, Feature.SEASON2_AHEAD};
        int n = 40;
        long[] ts = new long[n];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) { // period 8: a "week" of two "days" of 4
            ts[i] = T0 + i * HOUR;
            ys[i] = 10 + (i % 8) + (i % 8 >= 4 ? 20 : 0);
        }
        FeatureTrace trace = FeatureTrace.of(settings, fs, space, M2, false, ts, ys);
        ModelInputs inputs = new ModelInputs(fs, space, H, M, M2, false);
        int t = 30; // the window holds the last 12 values
        double scale = trace.scale(t);
        assertThat(trace.features(t)).hasSize(1 + H);
        assertThat((double) trace.features(t)[0]).isCloseTo(
                (inputs.toSpace(ys[t]) - inputs.toSpace(ys[t - M2])) / scale, within(1e-5));
        for (int j = 1; j <= H; j++) {
            double second = inputs.toSpace(ys[t + j - M2]);
            double baseline = trace.baseline(t, j); // the key's choice, in the model's space
            double expected = Math.max(-Feature.AHEAD_CLIP, Math.min(Feature.AHEAD_CLIP, (second - baseline) / scale));
            assertThat((double) trace.features(t)[j]).as("step %d", j).isCloseTo(expected, within(1e-5));
            // the target turns the baseline into the actual value
            assertThat((double) trace.target(t, j)).isCloseTo(
                    (inputs.toSpace(ys[t + j]) - baseline) / scale, within(1e-4));
        }
        assertThat(trace.target(n - 1, 1)).isNaN();
    }
}
