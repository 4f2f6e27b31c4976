package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.codec.Timestamps;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ServingModel;
import io.streamcast.core.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled series (data/nab, data/stocks) replayed through the forecaster with an LSTM-32 at the defaults
 * (W = H = 48, m = 24), as the topology does it (decode, observe, encode per record) and without the store,
 * measuring what the stored layout's rounding (h in bytes, c in half floats, quantized values) costs: state
 * size, the carried step's drift, and forecast error. The model is untrained (random weights of the served shape); what is measured is the
 * difference the store round trip makes, not the model's accuracy.
 */
class StateRoundTripOnBundledDataTest {
    private static final ForecastSettings SETTINGS = ForecastSettings.defaults();
    private static final int SCORED_FROM = 200; // origins before this are warm-up
    private static Map<String, List<Observation>> series;
    private static ServingModel model;

    @BeforeAll
    static void load() throws Exception {
        Path data = dataDir();
        series = new LinkedHashMap<>();
        try (var files = Files.list(data.resolve("nab"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                String name = f.getFileName().toString().replace(".csv", "");
                List<Observation> obs = new ArrayList<>();
                for (String line : Files.readAllLines(f).subList(1, Files.readAllLines(f).size())) {
                    String[] cells = line.split(",");
                    obs.add(new Observation(name, Timestamps.parse(cells[0]).getAsLong(), Double.parseDouble(cells[1])));
                }
                series.put(name, obs);
            }
        }
        List<String> stocks = Files.readAllLines(data.resolve("stocks/stocks_daily_long.csv"));
        for (String line : stocks.subList(1, stocks.size())) {
            String[] cells = line.split(",");
            series.computeIfAbsent(cells[0], k -> new ArrayList<>())
                    .add(new Observation(cells[0], Timestamps.parse(cells[1]).getAsLong(), Double.parseDouble(cells[2])));
        }
        ModelBundle bundle = ModelBundle.create(TestModels.metadata(SETTINGS, "lstm32", List.of(32)),
                LstmNetworks.toBytes(TestModels.network(SETTINGS.horizon(), 32, 11)));
        model = ServingModel.load(bundle, KernelKind.JAVA);
    }

    private static Path dataDir() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("data/nab"))) {
                return dir.resolve("data");
            }
        }
        throw new IOException("data/nab not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * The carried step with h and c rounded as the store keeps them after every step (h a byte of 1/127ths, c a half
     * float) against the float path, over every bundled series: the model's output, in its own units (multiples of
     * the key's scale, what it adds to the baseline), stays within 1e-2 of the float path's at every step of every
     * series.
     */
    @Test
    void storedPrecisionCarriedStateStaysWithinOneHundredthOfTheFloatPath() {
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        double worst = 0;
        long steps = 0;
        StringBuilder report = new StringBuilder();
        for (var e : series.entrySet()) {
            SeriesState exact = forecaster.newState();
            SeriesState stored = forecaster.newState();
            double seriesWorst = 0;
            for (Observation o : e.getValue()) {
                Forecast a = forecaster.observe(exact, o, model).forecast();
                Forecast b = forecaster.observe(stored, o, model).forecast();
                if (stored.hiddenState() != null) {
                    roundAsStored(stored.hiddenState(), stored.cellState());
                }
                if (a == null || !a.modelVersion().equals("lstm32")) {
                    continue;
                }
                double scale = SeriesNormalization.effectiveScale(exact);
                for (int j = 0; j < SETTINGS.horizon(); j++) {
                    double d = Math.abs(a.points().get(j).mean() - b.points().get(j).mean()) / scale;
                    seriesWorst = Math.max(seriesWorst, d);
                }
                steps++;
            }
            report.append(String.format("%n  %-40s max |output drift| %.2e", e.getKey(), seriesWorst));
            worst = Math.max(worst, seriesWorst);
        }
        System.out.printf("stored-precision h (i8), c (f16) over %d carried steps: max |output - float path| = %.2e"
                + " scales%s%n", steps, worst, report);
        assertThat(steps).isGreaterThan(30_000);
        assertThat(worst).isLessThan(1e-2);
    }

    private static void roundAsStored(float[][] h, float[][] c) {
        for (int l = 0; l < h.length; l++) {
            for (int i = 0; i < h[l].length; i++) {
                h[l][i] = CarriedLstmStateCodec.hiddenByte(h[l][i]) / 127f;
                c[l][i] = Half.toFloat(Half.fromFloat(c[l][i]));
            }
        }
    }

    /**
     * Every series through the store round trip after each record (decode, observe, encode: the topology's
     * path) and without it: forecast MASE (mean |error| over the H steps over the series' seasonal-naive MAE, per
     * origin, averaged) within 0.5 % of each other, with the model and without (baseline); and the stored state
     * size of a full key with its carried LSTM-32 state.
     */
    @Test
    void theStoreRoundTripLeavesForecastErrorsAndTheStateFitsTheBudget() {
        SeriesStateCodec codec = new SeriesStateCodec(SETTINGS);
        for (ServingModel m : new ServingModel[] {model, null}) {
            SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
            double sumA = 0;
            double sumB = 0;
            long n = 0;
            long sizeSum = 0;
            long sizes = 0;
            int maxSize = 0;
            int[] histogram = new int[2048];
            StringBuilder report = new StringBuilder();
            for (var e : series.entrySet()) {
                List<Observation> obs = e.getValue();
                double[] x = obs.stream().mapToDouble(Observation::value).toArray();
                double scale = seasonalNaiveMae(x, SETTINGS.season());
                SeriesState a = forecaster.newState();
                SeriesState b = forecaster.newState();
                double seriesA = 0;
                double seriesB = 0;
                int seriesN = 0;
                for (int t = 0; t < obs.size(); t++) {
                    Forecast fa = forecaster.observe(a, obs.get(t), m).forecast();
                    b = codec.decode(codec.encode(b));
                    Forecast fb = forecaster.observe(b, obs.get(t), m).forecast();
                    byte[] stored = codec.encode(b);
                    if (b.windowCount() == SETTINGS.window() && (m == null || b.hiddenState() != null)) {
                        sizeSum += stored.length;
                        sizes++;
                        maxSize = Math.max(maxSize, stored.length);
                        histogram[Math.min(stored.length, 2047)]++;
                    }
                    if (t < SCORED_FROM || t + SETTINGS.horizon() >= obs.size() || fa == null || fb == null) {
                        continue;
                    }
                    seriesA += mae(fa, x, t) / scale;
                    seriesB += mae(fb, x, t) / scale;
                    seriesN++;
                }
                report.append(String.format("%n  %-40s MASE %.4f -> %.4f (%+.3f %%)", e.getKey(), seriesA / seriesN,
                        seriesB / seriesN, 100 * (seriesB - seriesA) / seriesA));
                sumA += seriesA;
                sumB += seriesB;
                n += seriesN;
            }
            double meanA = sumA / n;
            double meanB = sumB / n;
            System.out.printf("%s: MASE without the store %.5f, through it %.5f (%+.3f %%) over %d origins;"
                            + " full-key state bytes mean %.1f, p99 %d, max %d over %d states%s%n",
                    m == null ? "baseline" : "LSTM-32", meanA, meanB, 100 * (meanB - meanA) / meanA, n,
                    (double) sizeSum / sizes, percentile(histogram, sizes, 0.99), maxSize, sizes, report);
            assertThat(Math.abs(meanB - meanA) / meanA).isLessThan(0.005);
            if (m != null) {
                assertThat((double) sizeSum / sizes).isLessThanOrEqualTo(512);
            }
        }
    }

    private static int percentile(int[] histogram, long total, double p) {
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= p * total) {
                return i;
            }
        }
        return histogram.length - 1;
    }

    private static double mae(Forecast f, double[] x, int t) {
        double sum = 0;
        for (int j = 1; j <= SETTINGS.horizon(); j++) {
            sum += Math.abs(x[t + j] - f.points().get(j - 1).mean());
        }
        return sum / SETTINGS.horizon();
    }

    private static double seasonalNaiveMae(double[] x, int m) {
        double sum = 0;
        for (int i = m; i < x.length; i++) {
            sum += Math.abs(x[i] - x[i - m]);
        }
        return sum / (x.length - m);
    }
}
