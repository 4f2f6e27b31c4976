package io.streamcast.cli.evaluate;

import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.ServingModel;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.training.TrainerSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Walk-forward: all series are walked forward in event-time order as the live system would see them; the
 * baseline serves first, the trainer retrains every N points on what has been seen and promoted models are
 * swapped in. Forecasts are scored as {@link RollingProtocol} says: every origin from index m on with H actuals
 * ahead at steps 1..H (those whose target is at the first scored row or later), MASE over the whole series'
 * seasonal-naive MAE — exactly {@code baselines.py rolling} when every row is scored.
 */
public final class RollingEvaluation extends Evaluation {
    /** The plotted series keep their last this many points' step-1 forecasts. */
    static final int PLOTTED_POINTS = 240;

    private final int retrainEvery;

    /** Per-series state of the walk. */
    private static final class Walk {
        final SeriesHistory history;
        final double[] x;
        final SeriesState state;
        final int order;
        int next;
        PlotSeries.Builder plot;

        Walk(int order, SeriesHistory history, SeriesState state) {
            this.order = order;
            this.history = history;
            this.x = history.valuesAsDoubles();
            this.state = state;
        }
    }

    /**
     * @param retrainEvery N, the points seen (over all series) between training rounds
     * @param scoreFrom    the first index scored in each series (a target x[o+j] counts when o + j &gt;= it), or
     *                     null: every origin from m on
     * @param naive2       whether M4's Naive2 is scored too (for OWA), refitted on x[0..o] at every origin
     */
    public RollingEvaluation(ForecastSettings settings, TrainerSettings trainerSettings, Consumer<String> progress,
                             int retrainEvery, Integer scoreFrom, boolean naive2) {
        super(settings, trainerSettings, progress, scoreFrom, naive2);
        this.retrainEvery = retrainEvery;
    }

    @Override
    public EvaluationReport run(List<SeriesHistory> series, int rows, int badRows) throws BundleFormatException {
        long started = System.nanoTime();
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        List<Walk> walks = new ArrayList<>();
        long total = 0;
        for (SeriesHistory s : series) {
            Walk w = new Walk(walks.size(), s, forecaster.newState());
            if (walks.size() < PLOTTED_SERIES) {
                w.plot = new PlotSeries.Builder(s, s.size() - Math.min(PLOTTED_POINTS, s.size()), s.size());
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

        RollingProtocol scorer = new RollingProtocol(series, settings.horizon(), settings.season(), scoring);
        ServingModel champion = null;
        Set<String> versions = new LinkedHashSet<>();
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
                scorer.offer(w.order, t, f);
                if (w.plot != null) {
                    w.plot.put(t + 1, f.points().get(0));
                }
            }
            if (seen >= nextRetrain && seen < total) {
                nextRetrain += retrainEvery;
                List<SeriesHistory> sofar = walks.stream().filter(x -> x.next > 0).map(x -> x.history.head(x.next))
                        .toList();
                champion = train(sofar, champion, "after " + seen + " points: ");
            }
            if (System.nanoTime() - lastProgress > 3_000_000_000L) {
                lastProgress = System.nanoTime();
                progress.accept(String.format("rolling: %d/%d points (%.0f %%), model %s", seen, total,
                        100.0 * seen / total, champion == null ? "baseline" : champion.version()));
            }
        }
        for (Walk w : walks) {
            if (w.plot != null) {
                plots.add(w.plot.build());
            }
        }
        return report("rolling", series.size(), scorer.result(), versions, started, rows, badRows);
    }
}
