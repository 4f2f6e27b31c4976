package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.model.Feature;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.ServingModel;
import io.streamcast.core.model.Transform;
import io.streamcast.core.testing.TestModels;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** The seasonal baseline's carry: phi learned per key, and the forecast it makes. */
class SeasonalPersistenceTest {
    private static final int M = 24;
    private static final long HOUR = 3_600_000L;

    /** y(t) = y(t-m) + d(t), d(t) = phi d(t-1) + noise: a SARIMA(1,0,0)(0,1,0)m around a daily profile. */
    private static float[] seasonalAr(double phi, int n, long seed) {
        Random random = new Random(seed);
        float[] y = new float[n];
        double d = 0;
        for (int t = 0; t < n; t++) {
            if (t < M) {
                y[t] = (float) (100 + 20 * Math.sin(2 * Math.PI * t / M));
            } else {
                d = phi * d + random.nextGaussian();
                y[t] = (float) (y[t - M] + d);
            }
        }
        return y;
    }

    private static SeriesState replay(SeriesForecaster forecaster, float[] y) {
        SeriesState s = forecaster.newState();
        for (int t = 0; t < y.length; t++) {
            forecaster.observe(s, new Observation("k", t * HOUR, y[t]), null);
        }
        return s;
    }

    private static ForecastSettings settings() {
        return ForecastSettings.builder().horizon(6).window(M + 1).season(M).build();
    }

    @Test
    void learnsThePersistenceOfSeasonalDifferences() {
        SeriesForecaster forecaster = new SeriesForecaster(settings());
        assertThat(replay(forecaster, seasonalAr(0.8, 4_000, 1)).baselineErrors.persistence())
                .isCloseTo(0.8, within(0.1));
        assertThat(replay(forecaster, seasonalAr(0.3, 4_000, 2)).baselineErrors.persistence())
                .isCloseTo(0.3, within(0.1));
        // independent differences: nothing to carry
        assertThat(replay(forecaster, seasonalAr(0, 4_000, 3)).baselineErrors.persistence()).isLessThan(0.1);
    }

    @Test
    void theCarriedBaselineAddsTheNewestDifferenceDampedByPhi() {
        SeriesForecaster forecaster = new SeriesForecaster(settings());
        float[] y = seasonalAr(0.8, 2_000, 4);
        SeriesState s = replay(forecaster, y);
        double phi = s.baselineErrors.persistence();
        assertThat(BaselineChoice.baselineKind(s, M)).isEqualTo(BaselineChoice.SEASONAL_NAIVE);
        float[] carried = new float[6];
        float[] plain = new float[6];
        BaselineChoice.baselines(s, M, new float[BaselineChoice.MEDIAN_SPAN], carried, true);
        BaselineChoice.baselines(s, M, new float[BaselineChoice.MEDIAN_SPAN], plain, false);
        int n = y.length;
        double difference = y[n - 1] - y[n - 1 - M];
        for (int j = 1; j <= 6; j++) {
            assertThat((double) carried[j - 1]).isCloseTo(y[n - 1 - M + j] + Math.pow(phi, j) * difference,
                    within(1e-3));
            assertThat(plain[j - 1]).isEqualTo(y[n - 1 - M + j]); // M4's seasonal naive
        }
        assertThat(Math.abs(difference)).isGreaterThan(0.1); // so the two differ
    }

    @Test
    void trainingReplaysTheCarriedBaselineTheModelIsServedWith() {
        ForecastSettings settings = settings();
        float[] y = seasonalAr(0.8, 600, 7);
        long[] ts = new long[y.length];
        for (int t = 0; t < y.length; t++) {
            ts[t] = t * HOUR;
        }
        Feature[] features = {Feature.VALUE, Feature.SEASONAL_DIFF};
        FeatureTrace carriedTrace = FeatureTrace.of(settings, features, Transform.NONE, 0, true, ts, y);
        FeatureTrace plainTrace = FeatureTrace.of(settings, features, Transform.NONE, 0, false, ts, y);
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        SeriesState s = forecaster.newState();
        float[] expected = new float[6];
        int differing = 0;
        for (int t = 0; t < y.length; t++) {
            forecaster.observe(s, new Observation("k", ts[t], y[t]), null);
            BaselineChoice.baselines(s, M, new float[BaselineChoice.MEDIAN_SPAN], expected, true);
            for (int j = 1; j <= 6; j++) {
                assertThat(carriedTrace.baseline(t, j)).as("origin %d step %d", t, j).isEqualTo(expected[j - 1]);
                if (carriedTrace.baseline(t, j) != plainTrace.baseline(t, j)) {
                    differing++;
                }
            }
        }
        assertThat(differing).isGreaterThan(1_000);
    }

    @Test
    void aModelWhoseTargetSaysSoCorrectsTheCarriedBaseline() throws Exception {
        ForecastSettings settings = settings();
        float[] y = seasonalAr(0.8, 1_000, 8);
        for (boolean carry : new boolean[] {true, false}) {
            ModelBundle zero = zeroModel(settings, carry); // outputs 0: its means are the baseline it corrects
            ServingModel model = ServingModel.load(zero, KernelKind.JAVA);
            SeriesForecaster forecaster = new SeriesForecaster(settings);
            SeriesState s = forecaster.newState();
            Forecast last = null;
            for (int t = 0; t < y.length; t++) {
                last = forecaster.observe(s, new Observation("k", t * HOUR, y[t]), model).forecast();
            }
            assertThat(last.modelVersion()).isEqualTo(zero.version());
            float[] expected = new float[6];
            BaselineChoice.baselines(s, M, new float[BaselineChoice.MEDIAN_SPAN], expected, carry);
            for (int j = 1; j <= 6; j++) {
                assertThat(last.points().get(j - 1).mean()).as("carry %s step %d", carry, j)
                        .isCloseTo(expected[j - 1], within(1e-3));
            }
        }
    }

    private static ModelBundle zeroModel(ForecastSettings settings, boolean carry) {
        MultiLayerNetwork net = TestModels.network(settings.horizon(), 8, 1);
        net.params().muli(0);
        ModelMetadata m = TestModels.metadata(settings, carry ? "carried" : "plain", List.of(8));
        ModelMetadata declared = new ModelMetadata(m.modelName(), m.version(), m.createdAt(), m.horizon(),
                m.window(), m.season(), m.features(), m.hiddenSizes(), m.normalization(),
                carry ? ModelMetadata.TARGET_CARRIED_BASELINE_CORRECTION : ModelMetadata.TARGET_BASELINE_CORRECTION,
                m.trainingMetrics(), m.backtestMetrics(), null, null, m.sequence());
        return ModelBundle.create(declared, LstmNetworks.toBytes(net));
    }

    @Test
    void aNonnegativeSeriesIsNotForecastBelowZero() {
        SeriesForecaster forecaster = new SeriesForecaster(settings());
        float[] y = seasonalAr(0.9, 2_000, 5);
        for (int t = 0; t < y.length; t++) {
            y[t] = Math.max(1, y[t]); // counts
        }
        SeriesState s = replay(forecaster, y);
        assertThat(s.baselineErrors.persistence()).isGreaterThan(0.5);
        // a collapse to 1 where last season was ~100: the carry alone would take the next steps far below 0
        forecaster.observe(s, new Observation("k", y.length * HOUR, 1), null);
        float[] carried = new float[6];
        BaselineChoice.baselines(s, M, new float[BaselineChoice.MEDIAN_SPAN], carried, true);
        for (float v : carried) {
            assertThat(v).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void thePersistenceSurvivesTheStore() {
        ForecastSettings settings = settings();
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        SeriesState s = replay(forecaster, seasonalAr(0.8, 1_000, 6));
        SeriesStateCodec codec = new SeriesStateCodec(settings);
        SeriesState decoded = codec.decode(codec.encode(s));
        assertThat(decoded.baselineErrors.persistenceQuanta).isEqualTo(s.baselineErrors.persistenceQuanta).isPositive();
        assertThat(codec.encode(decoded)).isEqualTo(codec.encode(s));
    }
}
