package io.streamcast.core.accuracy;

import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.core.forecast.Baselines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A forecaster's forecasts scored next to naive and seasonal naive on the same origins, the way M4 scores: by
 * index, the forecast made after observing x[o] against x[o+1..o+H], with naive and seasonal naive made from
 * x[0..o]; per series the mean over origins of each origin's MAE and sMAPE (see {@link OriginErrors}), MASE over
 * the series' scale, interval coverage pooled over its points; then each figure averaged over series
 * ({@link MetricSummary#average}).
 *
 * <p>Which origins are scored and what the MASE scale is are the protocol's: the caller adds each series with
 * its scale (usually {@link AccuracyMetrics#seasonalNaiveScale} of the protocol's in-sample part) and offers the
 * forecasts of the origins it scores. The trainer's backtest, evaluate's holdout and evaluate's rolling protocol
 * all score through this class.
 */
public final class BaselineComparison {
    private final int horizon;
    private final int season;
    private final List<Scored> series = new ArrayList<>();
    private long origins;

    /** Everything scored of one series. */
    private record Scored(String seriesId, double[] values, double scale, OriginErrors model, OriginErrors naive,
                          OriginErrors seasonalNaive) {}

    /**
     * The figures: per series in the order the series were added, and averaged over series, for the scored
     * forecaster ({@code model}), naive and seasonal naive (the baselines have no intervals: coverage NaN).
     *
     * @param origins the number of origins scored, over all series
     */
    public record Result(MetricSummary model, MetricSummary naive, MetricSummary seasonalNaive,
                         List<MetricSummary.PerSeries> modelPerSeries, List<MetricSummary.PerSeries> naivePerSeries,
                         List<MetricSummary.PerSeries> seasonalNaivePerSeries, long origins) {}

    /**
     * @param horizon H, the steps scored per origin
     * @param season  m, the seasonal naive's period
     */
    public BaselineComparison(int horizon, int season) {
        if (horizon < 1 || season < 1) {
            throw new IllegalArgumentException("horizon and season must be >= 1: " + horizon + ", " + season);
        }
        this.horizon = horizon;
        this.season = season;
    }

    /**
     * Adds a series to score; its figures are reported even if none of its origins is scored (as NaN).
     *
     * @param values the whole series, actuals included (kept, not copied)
     * @param scale  the MASE denominator the protocol defines for this series
     * @return the series' index for {@link #score}
     */
    public int add(String seriesId, double[] values, double scale) {
        series.add(new Scored(seriesId, values, scale, new OriginErrors(), new OriginErrors(), new OriginErrors()));
        return series.size() - 1;
    }

    /**
     * Scores the forecast made after observing x[origin] of a series against x[origin+1..origin+H], and naive
     * and seasonal naive from x[0..origin] against the same actuals.
     *
     * @return false, scoring nothing, when fewer than H actuals follow the origin or the forecast does not have
     *         H points
     */
    public boolean score(int seriesIndex, int origin, Forecast forecast) {
        Scored s = series.get(seriesIndex);
        double[] x = s.values();
        if (origin < 0 || origin + horizon >= x.length || forecast.points().size() != horizon) {
            return false;
        }
        double[] actual = Arrays.copyOfRange(x, origin + 1, origin + 1 + horizon);
        double[] mean = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int j = 0; j < horizon; j++) {
            ForecastPoint p = forecast.points().get(j);
            mean[j] = p.mean();
            lower[j] = p.lower();
            upper[j] = p.upper();
        }
        s.model().add(actual, mean, lower, upper);
        s.naive().add(actual, Baselines.naive(x, origin + 1, horizon));
        s.seasonalNaive().add(actual, Baselines.seasonalNaive(x, origin + 1, horizon, season));
        origins++;
        return true;
    }

    /** The origins scored so far, over all series. */
    public long origins() {
        return origins;
    }

    public Result result() {
        List<MetricSummary.PerSeries> model = new ArrayList<>();
        List<MetricSummary.PerSeries> naive = new ArrayList<>();
        List<MetricSummary.PerSeries> seasonalNaive = new ArrayList<>();
        for (Scored s : series) {
            model.add(MetricSummary.PerSeries.of(s.seriesId(), s.model(), s.scale()));
            naive.add(MetricSummary.PerSeries.of(s.seriesId(), s.naive(), s.scale()));
            seasonalNaive.add(MetricSummary.PerSeries.of(s.seriesId(), s.seasonalNaive(), s.scale()));
        }
        return new Result(MetricSummary.average(model), MetricSummary.average(naive),
                MetricSummary.average(seasonalNaive), List.copyOf(model), List.copyOf(naive),
                List.copyOf(seasonalNaive), origins);
    }
}
