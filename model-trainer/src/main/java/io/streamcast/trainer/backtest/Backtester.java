package io.streamcast.trainer.backtest;

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
import io.streamcast.core.model.ServingModel;
import io.streamcast.trainer.SeriesHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a model on the most recent forecast origins of every series, through the serving forecaster
 * (carried state, swap and all), next to naive and seasonal naive on the same origins.
 *
 * <p>Origins are indices: the forecast made after observing x[t] is scored against x[t+1..t+H]. MASE divides
 * by the series' seasonal-naive MAE over the values up to the first scored origin (in-sample).
 */
public final class Backtester {
    /** History streamed before the first scored origin: enough for the normalization to settle. */
    static final int WARM_HISTORY = 2_000;

    public record Result(MetricSummary model, MetricSummary naive, MetricSummary seasonalNaive,
                         List<MetricSummary.PerSeries> modelPerSeries, long origins) {}

    private Backtester() {}

    /**
     * @param model            the model to score, or null for the baseline forecaster
     * @param originsPerSeries the most recent full-horizon origins scored per series
     */
    public static Result run(List<SeriesHistory> series, ForecastSettings settings, ServingModel model,
                             int originsPerSeries) {
        int h = settings.horizon();
        int m = settings.season();
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        List<MetricSummary.PerSeries> modelScores = new ArrayList<>();
        List<MetricSummary.PerSeries> naiveScores = new ArrayList<>();
        List<MetricSummary.PerSeries> snaiveScores = new ArrayList<>();
        long origins = 0;
        double[] actual = new double[h];
        double[] mean = new double[h];
        double[] lower = new double[h];
        double[] upper = new double[h];
        for (SeriesHistory s : series) {
            int n = s.size();
            int last = n - h - 1;
            int first = Math.max(m, last - originsPerSeries + 1);
            if (first > last) {
                continue;
            }
            double[] x = s.valuesAsDoubles();
            double scale = AccuracyMetrics.seasonalNaiveScale(Arrays.copyOf(x, first + 1), m);
            OriginErrors modelErrors = new OriginErrors();
            OriginErrors naiveErrors = new OriginErrors();
            OriginErrors snaiveErrors = new OriginErrors();
            SeriesState state = forecaster.newState();
            for (int t = Math.max(0, first - WARM_HISTORY); t <= last; t++) {
                Forecast f = forecaster.observe(state, new Observation(s.seriesId(), s.timestamps()[t], x[t]), model)
                        .forecast();
                if (t < first || f == null) {
                    continue;
                }
                System.arraycopy(x, t + 1, actual, 0, h);
                for (int j = 0; j < h; j++) {
                    ForecastPoint p = f.points().get(j);
                    mean[j] = p.mean();
                    lower[j] = p.lower();
                    upper[j] = p.upper();
                }
                modelErrors.add(actual, mean, lower, upper);
                naiveErrors.add(actual, Baselines.naive(x, t + 1, h));
                snaiveErrors.add(actual, Baselines.seasonalNaive(x, t + 1, h, m));
                origins++;
            }
            modelScores.add(MetricSummary.PerSeries.of(s.seriesId(), modelErrors, scale));
            naiveScores.add(MetricSummary.PerSeries.of(s.seriesId(), naiveErrors, scale));
            snaiveScores.add(MetricSummary.PerSeries.of(s.seriesId(), snaiveErrors, scale));
        }
        return new Result(MetricSummary.average(modelScores), MetricSummary.average(naiveScores),
                MetricSummary.average(snaiveScores), modelScores, origins);
    }
}
