package io.streamcast.cli.evaluate;

import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.core.forecast.Baselines;
import io.streamcast.core.accuracy.AccuracyMetrics;
import io.streamcast.core.accuracy.MetricSummary;
import io.streamcast.core.accuracy.OriginErrors;
import io.streamcast.trainer.SeriesHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores forecasts the way {@code baselines.py rolling} scores naive and seasonal naive: every origin index o
 * from m on with H actuals ahead, steps 1..H, per-origin MAE and sMAPE averaged per series, MASE over the whole
 * series' seasonal-naive MAE, then averaged over series. The actual values are known up front (replayed data),
 * so a forecast is scored as soon as it is offered; naive and seasonal naive are scored on the same origins.
 */
public final class RollingScorer {
    private final List<SeriesHistory> series;
    private final double[][] values;
    private final OriginErrors[] model;
    private final OriginErrors[] naive;
    private final OriginErrors[] snaive;
    private final int horizon;
    private final int season;
    private long scored;

    public RollingScorer(List<SeriesHistory> series, int horizon, int season) {
        this.series = series;
        this.horizon = horizon;
        this.season = season;
        int n = series.size();
        values = new double[n][];
        model = new OriginErrors[n];
        naive = new OriginErrors[n];
        snaive = new OriginErrors[n];
        for (int i = 0; i < n; i++) {
            values[i] = series.get(i).valuesAsDoubles();
            model[i] = new OriginErrors();
            naive[i] = new OriginErrors();
            snaive[i] = new OriginErrors();
        }
    }

    /** Whether origin o of series s is one the protocol scores. */
    public boolean scores(int s, int origin) {
        return origin >= season && origin + horizon < values[s].length;
    }

    /** Scores the forecast made after observing x[origin] of series s, if the protocol scores that origin. */
    public void add(int s, int origin, Forecast f) {
        if (!scores(s, origin) || f.points().size() != horizon) {
            return;
        }
        double[] x = values[s];
        double[] actual = Arrays.copyOfRange(x, origin + 1, origin + 1 + horizon);
        double[] mean = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int j = 0; j < horizon; j++) {
            ForecastPoint p = f.points().get(j);
            mean[j] = p.mean();
            lower[j] = p.lower();
            upper[j] = p.upper();
        }
        model[s].add(actual, mean, lower, upper);
        naive[s].add(actual, Baselines.naive(x, origin + 1, horizon));
        snaive[s].add(actual, Baselines.seasonalNaive(x, origin + 1, horizon, season));
        scored++;
    }

    public long scored() {
        return scored;
    }

    public List<MetricSummary.PerSeries> model() {
        return perSeries(model);
    }

    public List<MetricSummary.PerSeries> naive() {
        return perSeries(naive);
    }

    public List<MetricSummary.PerSeries> seasonalNaive() {
        return perSeries(snaive);
    }

    private List<MetricSummary.PerSeries> perSeries(OriginErrors[] errors) {
        List<MetricSummary.PerSeries> list = new ArrayList<>();
        for (int i = 0; i < errors.length; i++) {
            double scale = AccuracyMetrics.seasonalNaiveScale(values[i], season);
            list.add(MetricSummary.PerSeries.of(series.get(i).seriesId(), errors[i], scale));
        }
        return list;
    }
}
