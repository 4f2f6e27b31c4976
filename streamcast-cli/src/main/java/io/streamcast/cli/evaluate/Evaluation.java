package io.streamcast.cli.evaluate;

import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.forecast.Baselines;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.accuracy.AccuracyMetrics;
import io.streamcast.core.accuracy.MetricSummary;
import io.streamcast.core.accuracy.OriginErrors;
import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ServingModel;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.training.ModelTrainer;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Offline backtests through the serving code: the same {@link SeriesForecaster} (carried state, re-priming
 * on swaps), the same trainer and promotion gate, the same metrics.
 *
 * <ul>
 *   <li><b>holdout</b> (M4 protocol): the last N points of each series are the test; the trainer trains (and
 *   gates) on everything before; each series streams through the forecaster up to its origin and the forecast
 *   made there is scored. Naive and seasonal naive use the training part, MASE scales by its seasonal-naive
 *   MAE — exactly {@code baselines.py holdout}.</li>
 *   <li><b>rolling</b>: all series are walked forward in event-time order as the live system would see them;
 *   the baseline serves first, the trainer retrains every N points on what has been seen and promoted models
 *   are swapped in. Every origin from index m on with H actuals ahead is scored at steps 1..H; MASE scales by
 *   the whole series' seasonal-naive MAE — exactly {@code baselines.py rolling}.</li>
 * </ul>
 * Scoring is by index (the forecast made after x[t] is compared with x[t+1..t+H]), as in M4.
 */
public final class Evaluation {
    /** Up to this many series keep their step-1 forecasts for the plot. */
    static final int PLOTTED_SERIES = 3;
    static final int PLOTTED_POINTS = 240;

    private final ForecastSettings settings;
    private final TrainerSettings trainerSettings;
    private final Consumer<String> progress;
    private final List<PlotSeries> plots = new ArrayList<>();

    /** Actuals and forecasts kept for plotting one series. */
    public record PlotSeries(String seriesId, long[] times, double[] actual, double[] mean, double[] width) {}

    public Evaluation(ForecastSettings settings, TrainerSettings trainerSettings, Consumer<String> progress) {
        this.settings = settings;
        this.trainerSettings = trainerSettings;
        this.progress = progress;
    }

    public List<PlotSeries> plots() {
        return plots;
    }

    public EvaluationReport holdout(List<SeriesHistory> all, int holdout, int rows, int badRows)
            throws BundleFormatException {
        long started = System.nanoTime();
        int h = settings.horizon();
        int m = settings.season();
        List<SeriesHistory> series = all.stream().filter(s -> s.size() > holdout + 1).toList();
        List<SeriesHistory> trains = series.stream().map(s -> s.head(s.size() - holdout)).toList();
        progress.accept(String.format("holdout: %d series, training on all but the last %d points of each",
                series.size(), holdout));
        ModelTrainer trainer = new ModelTrainer(settings, trainerSettings, "evaluate");
        long trainStart = System.nanoTime();
        ModelTrainer.Round round = trainer.run(trains, null, version(), progress);
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        List<String> decisions = new ArrayList<>();
        ServingModel model = null;
        decisions.add(describe(round));
        if (round.decision().promote()) {
            model = ServingModel.load(round.bundle(), KernelKind.JAVA);
        }
        progress.accept(decisions.get(0));

        SeriesForecaster forecaster = new SeriesForecaster(settings);
        List<MetricSummary.PerSeries> modelScores = new ArrayList<>();
        List<MetricSummary.PerSeries> naiveScores = new ArrayList<>();
        List<MetricSummary.PerSeries> snaiveScores = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        for (int k = 0; k < series.size(); k++) {
            SeriesHistory s = series.get(k);
            double[] x = s.valuesAsDoubles();
            int end = s.size() - holdout;
            SeriesState state = forecaster.newState();
            Forecast forecast = null;
            for (int t = 0; t < end; t++) {
                Forecast f = forecaster.observe(state, new Observation(s.seriesId(), s.timestamps()[t], x[t]), model)
                        .forecast();
                forecast = f == null ? forecast : f;
            }
            double[] actual = Arrays.copyOfRange(x, end, end + h);
            double[] train = Arrays.copyOf(x, end);
            double scale = AccuracyMetrics.seasonalNaiveScale(train, m);
            OriginErrors modelErrors = new OriginErrors();
            OriginErrors naiveErrors = new OriginErrors();
            OriginErrors snaiveErrors = new OriginErrors();
            double[][] f = points(forecast);
            modelErrors.add(actual, f[0], f[1], f[2]);
            naiveErrors.add(actual, Baselines.naive(x, end, h));
            snaiveErrors.add(actual, Baselines.seasonalNaive(x, end, h, m));
            versions.add(forecast.modelVersion());
            modelScores.add(MetricSummary.PerSeries.of(s.seriesId(), modelErrors, scale));
            naiveScores.add(MetricSummary.PerSeries.of(s.seriesId(), naiveErrors, scale));
            snaiveScores.add(MetricSummary.PerSeries.of(s.seriesId(), snaiveErrors, scale));
            if (plots.size() < PLOTTED_SERIES) {
                plots.add(holdoutPlot(s, end, f));
            }
        }
        return new EvaluationReport("holdout", h, m, series.size(), series.size(), List.copyOf(versions),
                MetricSummary.average(modelScores), MetricSummary.average(naiveScores),
                MetricSummary.average(snaiveScores), modelScores, trainSeconds, (System.nanoTime() - started) / 1e9,
                rows, badRows, decisions);
    }

    private PlotSeries holdoutPlot(SeriesHistory s, int end, double[][] f) {
        int h = settings.horizon();
        int from = Math.max(0, end - 4 * h);
        int to = Math.min(s.size(), end + h);
        long[] times = Arrays.copyOfRange(s.timestamps(), from, to);
        double[] actual = Arrays.copyOfRange(s.valuesAsDoubles(), from, to);
        double[] mean = new double[to - from];
        double[] width = new double[to - from];
        Arrays.fill(mean, Double.NaN);
        for (int j = 0; j < to - end; j++) {
            mean[end - from + j] = f[0][j];
            width[end - from + j] = f[2][j] - f[0][j];
        }
        return new PlotSeries(s.seriesId(), times, actual, mean, width);
    }

    /** Per-series state of the rolling walk. */
    private static final class Walk {
        final SeriesHistory history;
        final double[] x;
        final SeriesState state;
        final int order;
        int next;
        PlotBuffer plot;

        Walk(int order, SeriesHistory history, SeriesState state) {
            this.order = order;
            this.history = history;
            this.x = history.valuesAsDoubles();
            this.state = state;
        }
    }

    private static final class PlotBuffer {
        final int from;
        final double[] mean;
        final double[] width;

        PlotBuffer(int from, int length) {
            this.from = from;
            this.mean = new double[length];
            this.width = new double[length];
            Arrays.fill(mean, Double.NaN);
        }
    }

    public EvaluationReport rolling(List<SeriesHistory> series, int retrainEvery, int rows, int badRows)
            throws BundleFormatException {
        long started = System.nanoTime();
        int h = settings.horizon();
        int m = settings.season();
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        List<Walk> walks = new ArrayList<>();
        long total = 0;
        for (SeriesHistory s : series) {
            Walk w = new Walk(walks.size(), s, forecaster.newState());
            if (walks.size() < PLOTTED_SERIES) {
                int length = Math.min(PLOTTED_POINTS, s.size());
                w.plot = new PlotBuffer(s.size() - length, length);
            }
            walks.add(w);
            total += s.size();
        }
        // event-time order across series; ties in input order
        PriorityQueue<Walk> queue = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(a.history.timestamps()[a.next], b.history.timestamps()[b.next]);
            return c != 0 ? c : Integer.compare(a.order, b.order);
        });
        walks.stream().filter(w -> w.history.size() > 0).forEach(queue::add);

        RollingScorer scorer = new RollingScorer(series, h, m);
        ModelTrainer trainer = new ModelTrainer(settings, trainerSettings, "evaluate");
        ServingModel champion = null;
        Set<String> versions = new LinkedHashSet<>();
        List<String> decisions = new ArrayList<>();
        double trainSeconds = 0;
        long seen = 0;
        long lastProgress = System.nanoTime();
        long nextRetrain = retrainEvery;
        while (!queue.isEmpty()) {
            Walk w = queue.poll();
            int t = w.next++;
            if (w.next < w.history.size()) {
                queue.add(w);
            }
            Forecast f = forecaster.observe(w.state, new Observation(w.history.seriesId(), w.history.timestamps()[t],
                    w.x[t]), champion).forecast();
            seen++;
            if (f != null) {
                versions.add(f.modelVersion());
                if (scorer.scores(w.order, t)) {
                    scorer.add(w.order, t, f);
                }
                if (w.plot != null && t + 1 >= w.plot.from && t + 1 < w.plot.from + w.plot.mean.length) {
                    ForecastPoint first = f.points().get(0);
                    w.plot.mean[t + 1 - w.plot.from] = first.mean();
                    w.plot.width[t + 1 - w.plot.from] = first.upper() - first.mean();
                }
            }
            if (seen >= nextRetrain && seen < total) {
                nextRetrain += retrainEvery;
                List<SeriesHistory> sofar = walks.stream().filter(x -> x.next > 0).map(x -> x.history.head(x.next))
                        .toList();
                long trainStart = System.nanoTime();
                ModelTrainer.Round round = trainer.run(sofar, champion, version(), progress);
                trainSeconds += (System.nanoTime() - trainStart) / 1e9;
                String line = "after " + seen + " points: " + describe(round);
                decisions.add(line);
                progress.accept(line);
                if (round.decision().promote()) {
                    champion = ServingModel.load(round.bundle(), KernelKind.JAVA);
                }
            }
            if (System.nanoTime() - lastProgress > 3_000_000_000L) {
                lastProgress = System.nanoTime();
                progress.accept(String.format("rolling: %d/%d points (%.0f %%), model %s", seen, total,
                        100.0 * seen / total, champion == null ? "baseline" : champion.version()));
            }
        }
        for (Walk w : walks) {
            if (w.plot != null) {
                int from = w.plot.from;
                int length = w.plot.mean.length;
                plots.add(new PlotSeries(w.history.seriesId(),
                        Arrays.copyOfRange(w.history.timestamps(), from, from + length),
                        Arrays.copyOfRange(w.x, from, from + length), w.plot.mean, w.plot.width));
            }
        }
        return new EvaluationReport("rolling", h, m, series.size(), scorer.scored(), List.copyOf(versions),
                MetricSummary.average(scorer.model()), MetricSummary.average(scorer.naive()),
                MetricSummary.average(scorer.seasonalNaive()), scorer.model(), trainSeconds,
                (System.nanoTime() - started) / 1e9, rows, badRows, decisions);
    }

    private static double[][] points(Forecast f) {
        int h = f.points().size();
        double[][] p = new double[3][h];
        for (int j = 0; j < h; j++) {
            ForecastPoint point = f.points().get(j);
            p[0][j] = point.mean();
            p[1][j] = point.lower();
            p[2][j] = point.upper();
        }
        return p;
    }

    private static String describe(ModelTrainer.Round round) {
        if (round.bundle() == null) {
            return "no model: " + round.decision().reason();
        }
        return String.format("%s %s (blend %.2f, %d epochs, %.1f s): %s", round.bundle().version(),
                round.decision().promote() ? "promoted" : "refused", round.blend(), round.training().epochs(),
                round.training().seconds(), round.decision().reason());
    }

    private static String version() {
        return "lstm-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now());
    }
}
