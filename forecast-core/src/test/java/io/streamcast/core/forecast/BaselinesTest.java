package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.domain.Observation;
import io.streamcast.core.model.Feature;
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
        ForecastSettings settings = ForecastSettings.builder().horizon(5).window(12).season(3).maxGapFill(3).build();
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
            var f = forecaster.observe(s, new Observation("s", ts[t], ys[t]), null).forecast();
            double[] expected = Baselines.seasonalNaive(xs, t + 1, 5, 3);
            for (int j = 1; j <= 5; j++) {
                assertThat((double) trace.baseline(t, j)).isCloseTo(expected[j - 1], within(1e-5));
                assertThat(f.points().get(j - 1).mean()).isCloseTo(expected[j - 1], within(1e-5));
            }
            assertThat((double) trace.scale(t)).isCloseTo(SeriesNormalization.effectiveScale(s), within(1e-6));
        }
        // By hand, y = 10 + 2 (t mod 3) + 0.1 t: y9 = 10.9, y12 = 11.2.
        // Baseline at origin 10, step 2 (m = 3): seasonal naive, 3 * ceil(2/3) - 2 = 1 step back: y9 = 10.9.
        assertThat((double) trace.baseline(10, 2)).isCloseTo(10.9, within(1e-5));
        // Scale after t = 10: the mean of 10 absolute differences, lag 1 while fewer than m = 3 values were kept
        // (|y1 - y0| = |y2 - y1| = 2.1), then lag 3 (|y3 - y0| = ... = |y10 - y7| = 0.3, 8 of them):
        // (2 * 2.1 + 8 * 0.3) / 10 = 6.6 / 10 = 0.66.
        assertThat((double) trace.scale(10)).isCloseTo(0.66, within(1e-5));
        // Target: (y[t+j] - baseline) / scale = (11.2 - 10.9) / 0.66 = 0.3 / 0.66 = 0.454545...
        assertThat((double) trace.target(10, 2)).isCloseTo(0.3 / 0.66, within(1e-4));
        assertThat(trace.target(28, 2)).isNaN();
    }

    @Test
    void featureTraceReplaysTheServingBaselineChoiceOnBothSidesOfItsSwitchToNaive() {
        // W = 24: the three baselines are scored for tracked step k (1, 2, 4, 5) once the window holds the
        // median's 12 values from k - 1 back, i.e. at origins t >= 11 + k. Points scored after origin t = 25:
        // 14 (k = 1, t = 12..25) + 13 (k = 2) + 11 (k = 4) + 10 (k = 5) = 48, under the 50 a key needs before it
        // may leave seasonal naive; after t = 26: 52.
        ForecastSettings settings = ForecastSettings.builder().horizon(5).window(24).season(3).maxGapFill(3).build();
        int n = 300;
        long[] ts = new long[n];
        float[] ys = new float[n];
        double[] xs = new double[n];
        java.util.Random random = new java.util.Random(3);
        double level = 100;
        for (int i = 0; i < n; i++) {
            level += random.nextGaussian(); // a random walk: naive beats seasonal naive (up to 3 steps older)
            ts[i] = 1_404_172_800_000L + i * 3_600_000L;
            ys[i] = (float) level;
            xs[i] = ys[i];
        }
        FeatureTrace trace = FeatureTrace.of(settings, new Feature[] {Feature.VALUE}, ts, ys);
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        SeriesState s = forecaster.newState();
        for (int t = 0; t < n; t++) {
            var f = forecaster.observe(s, new Observation("s", ts[t], ys[t]), null)
                    .forecast();
            double[] seasonalNaive = Baselines.seasonalNaive(xs, t + 1, 5, 3);
            for (int j = 1; j <= 5; j++) {
                // training's baseline is the one served, at every origin
                assertThat((double) trace.baseline(t, j)).as("origin %d step %d", t, j)
                        .isEqualTo(f.points().get(j - 1).mean());
                if (t >= 2 && t <= 25) { // a season known, fewer than 50 points scored: seasonal naive
                    assertThat((double) trace.baseline(t, j)).as("origin %d step %d", t, j)
                            .isEqualTo(seasonalNaive[j - 1]);
                } else { // fewer than m values (t < 2), or switched to naive (t >= 26): the last value
                    assertThat(trace.baseline(t, j)).as("origin %d step %d", t, j).isEqualTo(ys[t]);
                }
            }
            if (t >= 2 && t <= 25) { // the two baselines differ here, so the checks above tell them apart
                assertThat(seasonalNaive[0]).isNotEqualTo((double) ys[t]);
            }
        }
    }
}
