package io.streamcast.trainer.backtest;

import io.streamcast.core.accuracy.AccuracyMetrics;
import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.model.ServingModel;
import io.streamcast.trainer.SeriesHistory;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a model on the most recent forecast origins of every series, through the serving forecaster
 * (carried state, swap and all), next to naive and seasonal naive on the same origins ({@link BaselineComparison}).
 * Without a model the forecaster serves its baseline (per key seasonal naive, naive or the local median), so
 * the same run measures what serves when no model does.
 *
 * <p>Origins are indices: the forecast made after observing x[t] is scored against x[t+1..t+H]. MASE divides
 * by the series' seasonal-naive MAE over the values up to the first scored origin (in-sample). Series without a
 * full-horizon origin from m on are left out.
 */
public final class Backtester {
    /** History streamed before the first scored origin: enough for the normalization to settle. */
    static final int WARM_HISTORY = 2_000;

    private Backtester() {}

    /**
     * @param model            the model to score, or null for the baseline forecaster
     * @param originsPerSeries the most recent full-horizon origins scored per series
     */
    public static Backtest run(List<SeriesHistory> series, ForecastSettings settings, ServingModel model,
                               int originsPerSeries) {
        int h = settings.horizon();
        int m = settings.season();
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        BaselineComparison comparison = new BaselineComparison(h, m);
        double[][] originMase = new double[series.size()][];
        for (int i = 0; i < series.size(); i++) {
            SeriesHistory s = series.get(i);
            int last = s.size() - h - 1;
            int first = Math.max(m, last - originsPerSeries + 1);
            if (first > last) {
                originMase[i] = new double[0];
                continue;
            }
            double[] x = s.valuesAsDoubles();
            double scale = AccuracyMetrics.seasonalNaiveScale(Arrays.copyOf(x, first + 1), m);
            int index = comparison.add(s.seriesId(), x, scale);
            double[] errors = new double[last - first + 1];
            Arrays.fill(errors, Double.NaN);
            SeriesState state = forecaster.newState();
            for (int t = Math.max(0, first - WARM_HISTORY); t <= last; t++) {
                Forecast f = forecaster.observe(state, new Observation(s.seriesId(), s.timestamps()[t], x[t]), model)
                        .forecast();
                if (t >= first && f != null && comparison.score(index, t, f)) {
                    errors[t - first] = AccuracyMetrics.mae(Arrays.copyOfRange(x, t + 1, t + 1 + h), means(f)) / scale;
                }
            }
            originMase[i] = errors;
        }
        return new Backtest(comparison.result(), originMase);
    }

    private static double[] means(Forecast f) {
        return f.points().stream().mapToDouble(ForecastPoint::mean).toArray();
    }
}
