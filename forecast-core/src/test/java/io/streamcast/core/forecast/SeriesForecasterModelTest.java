package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.model.Feature;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ServingModel;
import io.streamcast.core.testing.TestModels;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** The forecaster wired to a model: warm-up, priming, carried steps and swaps. */
class SeriesForecasterModelTest {
    private static final long T0 = 1_404_172_800_000L;
    private static final long HOUR = 3_600_000L;
    private static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(6).window(12).season(4)
            .maxGapFill(3).build();

    private static double value(int i) {
        return 100 + 10 * Math.sin(i * Math.PI / 2) + i * 0.5;
    }

    /** The inputs of a model in the series' units, by their definitions (docs/forecasting.md), by hand. */
    private static float[] features(Feature[] fs, double y, double previous, double seasonal, long ts, double level,
                                    double scale) {
        float[] x = new float[fs.length];
        for (int i = 0; i < fs.length; i++) {
            x[i] = (float) switch (fs[i]) {
                case VALUE -> (y - level) / scale;
                case SEASONAL_DIFF -> Double.isNaN(seasonal) ? 0 : (y - seasonal) / scale;
                case DIFF -> Double.isNaN(previous) ? 0 : (y - previous) / scale;
                case HOUR_SIN, HOUR_COS, DOW_SIN, DOW_COS -> fs[i].calendar(ts);
                default -> throw new IllegalArgumentException("not a test model's input: " + fs[i]);
            };
        }
        return x;
    }

    @Test
    void baselineUntilTheWindowIsFullThenOneCarriedStepPerObservationEqualToTheWholeSequence() throws Exception {
        ModelBundle bundle = TestModels.bundle(SETTINGS, "v1", 7);
        ServingModel model = ServingModel.load(bundle, KernelKind.JAVA);
        MultiLayerNetwork reference = LstmNetworks.fromBytes(bundle.weights());
        Feature[] fs = model.features();
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        SeriesState s = forecaster.newState();

        for (int i = 0; i < 11; i++) {
            StepOutcome out = forecaster.observe(s, new Observation("k", T0 + i * HOUR, value(i)), model);
            assertThat(out.forecast().modelVersion()).isEqualTo(Forecast.BASELINE_VERSION);
        }
        StepOutcome primed = forecaster.observe(s, new Observation("k", T0 + 11 * HOUR, value(11)), model);
        assertThat(primed.primed()).isTrue();
        assertThat(primed.forecast().modelVersion()).isEqualTo("v1");

        // priming encodes the window with the statistics at priming time
        double level = s.level();
        double scale = SeriesNormalization.effectiveScale(s);
        float[][] sequence = new float[13][];
        for (int i = 0; i < 12; i++) {
            double seasonal = i >= 4 ? value(i - 4) : Double.NaN;
            sequence[i] = features(fs, (float) value(i), i >= 1 ? (float) value(i - 1) : Double.NaN,
                    seasonal == seasonal ? (float) seasonal : seasonal, T0 + i * HOUR, level, scale);
        }
        float[] primedOutput = LstmNetworks.windowForecast(reference, java.util.Arrays.copyOf(sequence, 12));
        assertForecastIs(primed.forecast(), s, primedOutput, scale);

        // the next observation is one carried step; the same as the whole 13-step sequence through DL4J
        StepOutcome carried = forecaster.observe(s, new Observation("k", T0 + 12 * HOUR, value(12)), model);
        assertThat(carried.primed()).isFalse();
        double scale13 = SeriesNormalization.effectiveScale(s);
        sequence[12] = features(fs, (float) value(12), (float) value(11), (float) value(8), T0 + 12 * HOUR, s.level(),
                scale13);
        assertForecastIs(carried.forecast(), s, LstmNetworks.windowForecast(reference, sequence), scale13);
    }

    @Test
    void theLatestForecastRecomputedFromStoredStateEqualsTheEmittedOneForEveryKernelAndAfterASwapIsTheNewModels()
            throws Exception {
        ServingModel v1 = ServingModel.load(TestModels.bundle(SETTINGS, "v1", 7), KernelKind.JAVA);
        ServingModel v1Dl4j = ServingModel.load(TestModels.bundle(SETTINGS, "v1", 7), KernelKind.DL4J);
        SeriesForecaster serving = new SeriesForecaster(SETTINGS);
        SeriesForecaster reader = new SeriesForecaster(SETTINGS); // the REST thread's own forecaster
        SeriesState s = serving.newState();
        assertThat(reader.latest(s, "k", v1)).isNull();
        for (int i = 0; i < 40; i++) {
            Forecast emitted = serving.observe(s, new Observation("k", T0 + i * HOUR, value(i)), v1).forecast();
            byte[] before = new SeriesStateCodec(SETTINGS).encode(s);
            Forecast read = reader.latest(s, "k", v1);
            assertThat(new SeriesStateCodec(SETTINGS).encode(s)).as("reading leaves the state alone").isEqualTo(before);
            assertThat(read.modelVersion()).isEqualTo(emitted.modelVersion());
            assertThat(read.originMillis()).isEqualTo(emitted.originMillis());
            for (int j = 0; j < 6; j++) {
                assertThat(read.points().get(j)).isEqualTo(emitted.points().get(j));
                assertThat(reader.latest(s, "k", v1Dl4j).points().get(j).mean())
                        .isCloseTo(emitted.points().get(j).mean(), within(1e-4));
            }
        }
        // a model swapped in since the key's last observation: the new model primed on the window, as the next
        // observation will do
        ModelBundle v2Bundle = TestModels.bundle(SETTINGS, "v2", 8);
        ServingModel v2 = ServingModel.load(v2Bundle, KernelKind.JAVA);
        Forecast afterSwap = reader.latest(s, "k", v2);
        assertThat(afterSwap.modelVersion()).isEqualTo("v2");
        // v2 run from zero state over the key's 12 window values (hours 28..39) through DL4J, not v2's output
        // layer over the hidden state v1 carried
        assertForecastIs(afterSwap, s, primedOnWindow(v2Bundle, v2.features(), s, T0 + 39 * HOUR),
                SeriesNormalization.effectiveScale(s));
        SeriesState copy = new SeriesStateCodec(SETTINGS).decode(new SeriesStateCodec(SETTINGS).encode(s));
        copy.carried.drop();
        Forecast baseline = reader.latest(copy, "k", null);
        assertThat(baseline.modelVersion()).isEqualTo(Forecast.BASELINE_VERSION);
        assertThat(afterSwap.points().get(0).mean()).isNotEqualTo(baseline.points().get(0).mean());
    }

    /**
     * The output of the bundle's network run from zero state over the key's 12 window values through DL4J (the
     * reference, not the serving kernel), each encoded as priming encodes it: with the key's current level and
     * scale, one hour apart, the newest at {@code newestTs}, the seasonal value 4 steps back where the window has it.
     */
    private static float[] primedOnWindow(ModelBundle bundle, Feature[] fs, SeriesState s, long newestTs)
            throws Exception {
        MultiLayerNetwork reference = LstmNetworks.fromBytes(bundle.weights());
        float[] w = s.windowValues(); // oldest first
        assertThat(w).hasSize(12);
        double level = s.level();
        double scale = SeriesNormalization.effectiveScale(s);
        float[][] sequence = new float[12][];
        for (int i = 0; i < 12; i++) {
            double seasonal = i >= 4 ? w[i - 4] : Double.NaN;
            sequence[i] = features(fs, w[i], i >= 1 ? w[i - 1] : Double.NaN, seasonal, newestTs - (11 - i) * HOUR,
                    level, scale);
        }
        return LstmNetworks.windowForecast(reference, sequence);
    }

    /** mean(j) = seasonal naive(j) + scale * output(j), within 1e-5 of the output's units. */
    private static void assertForecastIs(Forecast f, SeriesState s, float[] output, double scale) {
        for (int j = 1; j <= 6; j++) {
            int age = 4 * ((j + 3) / 4) - j;
            double expected = s.valueAt(age) + scale * output[j - 1];
            assertThat(f.points().get(j - 1).mean()).as("step %d", j).isCloseTo(expected, within(1e-5 * scale + 1e-4));
        }
        for (var p : f.points()) { // 32-bit floats, what the forecasts topic carries exactly
            assertThat((double) (float) p.mean()).isEqualTo(p.mean());
            assertThat((double) (float) p.lower()).isEqualTo(p.lower());
            assertThat((double) (float) p.upper()).isEqualTo(p.upper());
        }
    }

    @Test
    void aNewModelVersionReprimesTheKeyOnItsNextObservation() throws Exception {
        ServingModel v1 = ServingModel.load(TestModels.bundle(SETTINGS, "v1", 1), KernelKind.JAVA);
        ModelBundle v2Bundle = TestModels.bundle(SETTINGS, "v2", 2);
        ServingModel v2 = ServingModel.load(v2Bundle, KernelKind.JAVA);
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        SeriesState s = forecaster.newState();
        for (int i = 0; i < 20; i++) {
            forecaster.observe(s, new Observation("k", T0 + i * HOUR, value(i)), v1);
        }
        assertThat(s.modelId()).isEqualTo(v1.versionId());
        float[][] v1Hidden = {s.hiddenState()[0].clone()};
        StepOutcome swapped = forecaster.observe(s, new Observation("k", T0 + 20 * HOUR, value(20)), v2);
        assertThat(swapped.primed()).isTrue();
        assertThat(swapped.forecast().modelVersion()).isEqualTo("v2");
        assertThat(s.modelId()).isEqualTo(v2.versionId());
        // Re-primed from the window: v2 from zero state over the last 12 values (hours 9..20, all but the
        // newest seen under v1), not v2 stepped on from the state v1 carried into this observation.
        assertThat(v1Hidden[0]).isNotEqualTo(new float[v1Hidden[0].length]);
        assertForecastIs(swapped.forecast(), s, primedOnWindow(v2Bundle, v2.features(), s, T0 + 20 * HOUR),
                SeriesNormalization.effectiveScale(s));
        // and the next observation is one carried v2 step, no second priming
        assertThat(forecaster.observe(s, new Observation("k", T0 + 21 * HOUR, value(21)), v2).primed()).isFalse();

        // the DL4J reference kernel serves the same forecasts as the Java kernel
        ServingModel v2dl4j = ServingModel.load(TestModels.bundle(SETTINGS, "v2", 2), KernelKind.DL4J);
        SeriesState a = forecaster.newState();
        SeriesState b = forecaster.newState();
        for (int i = 0; i < 20; i++) {
            Forecast fa = forecaster.observe(a, new Observation("k", T0 + i * HOUR, value(i)), v2).forecast();
            Forecast fb = forecaster.observe(b, new Observation("k", T0 + i * HOUR, value(i)), v2dl4j).forecast();
            for (int j = 0; j < 6; j++) {
                assertThat(fa.points().get(j).mean()).isCloseTo(fb.points().get(j).mean(), within(1e-3));
            }
        }
    }

    @Test
    void aLogSpaceModelCorrectsTheBaselineByAFactorAndLeavesKeysWithANonPositiveValueInTheWindowToTheBaseline()
            throws Exception {
        ServingModel model = ServingModel.load(TestModels.logBundle(SETTINGS, "log1", 5), KernelKind.JAVA);
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        SeriesState s = forecaster.newState();
        StepOutcome out = null;
        for (int i = 0; i < 30; i++) {
            out = forecaster.observe(s, new Observation("k", T0 + i * HOUR, value(i)), model);
        }
        assertThat(out.forecast().modelVersion()).isEqualTo("log1");
        // the mean is the baseline times exp(log scale * output): the same correction at any level
        SeriesForecaster baselineOnly = new SeriesForecaster(SETTINGS);
        SeriesState b = baselineOnly.newState();
        StepOutcome base = null;
        for (int i = 0; i < 30; i++) {
            base = baselineOnly.observe(b, new Observation("k", T0 + i * HOUR, value(i)), null);
        }
        for (int j = 0; j < SETTINGS.horizon(); j++) {
            double ratio = out.forecast().points().get(j).mean() / base.forecast().points().get(j).mean();
            assertThat(ratio).isPositive().isNotEqualTo(1.0).isBetween(0.5, 2.0);
        }
        // a zero: the log cannot take it, so the key gets its baseline until the window is positive again
        out = forecaster.observe(s, new Observation("k", T0 + 30 * HOUR, 0), model);
        assertThat(out.forecast().modelVersion()).isEqualTo(Forecast.BASELINE_VERSION);
        assertThat(s.modelId()).isEqualTo(SeriesState.NO_MODEL);
        int i = 31;
        for (; i < 31 + SETTINGS.window() - 1; i++) {
            out = forecaster.observe(s, new Observation("k", T0 + i * HOUR, value(i)), model);
            assertThat(out.forecast().modelVersion()).as("step %d", i).isEqualTo(Forecast.BASELINE_VERSION);
        }
        out = forecaster.observe(s, new Observation("k", T0 + i * HOUR, value(i)), model);
        assertThat(out.forecast().modelVersion()).isEqualTo("log1");
        assertThat(out.primed()).isTrue();
    }
}
