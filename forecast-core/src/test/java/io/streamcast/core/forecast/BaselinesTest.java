package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.model.Feature;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    @Test
    void naiveAndSeasonalNaiveFollowM4() {
        double[] x = {1, 2, 3, 4, 5, 6, 7};
        assertThat(Baselines.naive(x, 7, 3)).containsExactly(7, 7, 7);
        // m = 3: the last season is 5 6 7, repeated
        assertThat(Baselines.seasonalNaive(x, 7, 5, 3)).containsExactly(5, 6, 7, 5, 6);
        // from the first 4 values only: last season 2 3 4
        assertThat(Baselines.seasonalNaive(x, 4, 4, 3)).containsExactly(2, 3, 4, 2);
        // fewer values than a season: naive
        assertThat(Baselines.seasonalNaive(x, 2, 2, 3)).containsExactly(2, 2);
    }

    @Test
    void featureTraceBaselineMatchesBaselinesAndTheServingForecaster() {
        ForecastSettings settings = new ForecastSettings(5, 12, 3, 0.9, 3, Duration.ofHours(1));
        int n = 30;
        long[] ts = new long[n];
        float[] ys = new float[n];
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_404_172_800_000L + i * 3_600_000L;
            ys[i] = (float) (10 + (i % 3) * 2 + i * 0.1);
            xs[i] = ys[i];
        }
        FeatureTrace trace = FeatureTrace.of(settings, new Feature[] {Feature.VALUE}, ts, ys);
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        SeriesState s = forecaster.newState();
        for (int t = 0; t < n; t++) {
            var f = forecaster.observe(s, new io.streamcast.core.domain.Observation("s", ts[t], ys[t]), null).forecast();
            double[] expected = Baselines.seasonalNaive(xs, t + 1, 5, 3);
            for (int j = 1; j <= 5; j++) {
                assertThat((double) trace.baseline(t, j)).isCloseTo(expected[j - 1], within(1e-5));
                assertThat(f.points().get(j - 1).mean()).isCloseTo(expected[j - 1], within(1e-5));
            }
            assertThat((double) trace.scale(t)).isCloseTo(SeriesNormalization.effectiveScale(s), within(1e-6));
        }
        // target: (y[t+j] - baseline) / scale
        assertThat((double) trace.target(10, 2)).isCloseTo((ys[12] - trace.baseline(10, 2)) / trace.scale(10), within(1e-6));
        assertThat(trace.target(28, 2)).isNaN();
    }
}
