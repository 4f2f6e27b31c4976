package io.streamcast.cli.evaluate;

import io.streamcast.core.accuracy.AccuracyMetrics;
import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.ServingModel;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.training.TrainerSettings;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The M4 protocol: the last N points of each series are the test; the trainer trains (and gates) on everything
 * before; each series streams through the forecaster up to its last training point and the forecast made there
 * is scored. Naive, seasonal naive (and Naive2) use the training part, MASE and MSIS scale by its seasonal-naive
 * MAE — exactly {@code baselines.py holdout}. Series of no more than N + 1 points are left out. Every test point
 * is scored (M4 scores the whole holdout), so there is no first scored row.
 */
public final class HoldoutEvaluation extends Evaluation {
    private final int holdout;

    /**
     * @param holdout N, the test points per series: at least the horizon
     * @param naive2  whether M4's Naive2 is scored too (for OWA), from the training part like the other baselines
     */
    public HoldoutEvaluation(ForecastSettings settings, TrainerSettings trainerSettings, Consumer<String> progress,
                             int holdout, boolean naive2) {
        super(settings, trainerSettings, progress, null, naive2);
        if (holdout < settings.horizon()) {
            throw new IllegalArgumentException("the holdout (" + holdout + ") must cover the horizon ("
                    + settings.horizon() + ")");
        }
        this.holdout = holdout;
    }

    @Override
    public EvaluationReport run(List<SeriesHistory> all, int rows, int badRows) throws BundleFormatException {
        long started = System.nanoTime();
        List<SeriesHistory> series = all.stream().filter(s -> s.size() > holdout + 1).toList();
        List<SeriesHistory> trains = series.stream().map(s -> s.head(s.size() - holdout)).toList();
        progress.accept(String.format("holdout: %d series, training on all but the last %d points of each",
                series.size(), holdout));
        ServingModel model = train(trains, null, "");

        SeriesForecaster forecaster = new SeriesForecaster(settings);
        BaselineComparison comparison = new BaselineComparison(settings.horizon(), settings.season(), scoring);
        Set<String> versions = new LinkedHashSet<>();
        for (SeriesHistory s : series) {
            double[] x = s.valuesAsDoubles();
            int end = s.size() - holdout;
            SeriesState state = forecaster.newState();
            Forecast forecast = null;
            for (int t = 0; t < end; t++) {
                Forecast f = forecaster.observe(state, new Observation(s.seriesId(), s.timestamps()[t], x[t]), model)
                        .forecast();
                forecast = f == null ? forecast : f;
            }
            // the last forecast made: after x[end - 1] unless that point made none (a duplicate)
            int index = comparison.add(s.seriesId(), x,
                    AccuracyMetrics.seasonalNaiveScale(Arrays.copyOf(x, end), settings.season()));
            comparison.score(index, end - 1, forecast);
            versions.add(forecast.modelVersion());
            if (plots.size() < PLOTTED_SERIES) {
                plots.add(plot(s, end, forecast));
            }
        }
        return report("holdout", series.size(), comparison.result(), versions, started, rows, badRows);
    }

    /** The last 4 H training points and the test, with the forecast over the test. */
    private PlotSeries plot(SeriesHistory s, int end, Forecast forecast) {
        int h = settings.horizon();
        PlotSeries.Builder plot = new PlotSeries.Builder(s, Math.max(0, end - 4 * h), Math.min(s.size(), end + h));
        for (int j = 0; j < h; j++) {
            plot.put(end + j, forecast.points().get(j));
        }
        return plot.build();
    }
}
