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
 * the series' scale, interval coverage and MSIS pooled over its points; then each figure averaged over series
 * ({@link MetricSummary#average}). The forecaster's errors are also pooled by horizon step ({@link StepErrors}).
 *
 * <p>Which origins are scored and what the MASE scale is are the protocol's: the caller adds each series with
 * its scale (usually {@link AccuracyMetrics#seasonalNaiveScale} of the protocol's in-sample part) and offers the
 * forecasts of the origins it scores. The trainer's backtest, evaluate's holdout and evaluate's rolling protocol
 * all score through this class. {@link Scoring} adds what only evaluate asks for: MSIS at the intervals' nominal
 * coverage, scoring from an index on, and M4's Naive2 ({@link Naive2}) on the same targets.
 */
public final class BaselineComparison {
    private final int horizon;
    private final int season;
    private final Scoring scoring;
    private final List<Scored> series = new ArrayList<>();
    private final StepErrors modelSteps;
    private long origins;

    /**
     * What is scored beyond the point figures and coverage.
     *
     * @param coverage  the nominal coverage 1 - alpha of the scored intervals, for MSIS; NaN: no MSIS
     * @param scoreFrom only targets at this index of their series or later are scored, the forecasters' and the
     *                  baselines' alike (0: all)
     * @param naive2    whether M4's Naive2 is scored too
     */
    public record Scoring(double coverage, int scoreFrom, boolean naive2) {
        /** Point figures and coverage of every target: the trainer's backtest. */
        public static final Scoring POINTS = new Scoring(Double.NaN, 0, false);

        public Scoring {
            if (scoreFrom < 0) {
                throw new IllegalArgumentException("scoreFrom must be >= 0: " + scoreFrom);
            }
            if (!Double.isNaN(coverage) && !(coverage > 0 && coverage < 1)) {
                throw new IllegalArgumentException("coverage must be in (0, 1): " + coverage);
            }
        }
    }

    /** Everything scored of one series; naive2 null when not asked. */
    private record Scored(String seriesId, double[] values, double scale, OriginErrors model, OriginErrors naive,
                          OriginErrors seasonalNaive, OriginErrors naive2, Naive2 naive2Forecaster) {}

    /**
     * The figures: per series in the order the series were added, and averaged over series, for the scored
     * forecaster ({@code model}), naive, seasonal naive and, when asked, Naive2 (the baselines have no
     * intervals: coverage and MSIS NaN); the forecaster's errors by step.
     *
     * @param naive2  null, and {@code naive2PerSeries} empty, unless {@link Scoring#naive2}
     * @param origins the number of origins scored (at least one of their steps), over all series
     */
    public record Result(MetricSummary model, MetricSummary naive, MetricSummary seasonalNaive,
                         List<MetricSummary.PerSeries> modelPerSeries, List<MetricSummary.PerSeries> naivePerSeries,
                         List<MetricSummary.PerSeries> seasonalNaivePerSeries, MetricSummary naive2,
                         List<MetricSummary.PerSeries> naive2PerSeries, List<StepErrors.Step> modelPerStep,
                         long origins) {}

    /**
     * Point figures and coverage of every target ({@link Scoring#POINTS}).
     *
     * @param horizon H, the steps scored per origin
     * @param season  m, the seasonal naive's period
     */
    public BaselineComparison(int horizon, int season) {
        this(horizon, season, Scoring.POINTS);
    }

    public BaselineComparison(int horizon, int season, Scoring scoring) {
        if (horizon < 1 || season < 1) {
            throw new IllegalArgumentException("horizon and season must be >= 1: " + horizon + ", " + season);
        }
        this.horizon = horizon;
        this.season = season;
        this.scoring = scoring;
        this.modelSteps = new StepErrors(horizon);
    }

    /**
     * Adds a series to score; its figures are reported even if none of its origins is scored (as NaN).
     *
     * @param values the whole series, actuals included (kept, not copied)
     * @param scale  the MASE (and MSIS) denominator the protocol defines for this series
     * @return the series' index for {@link #score}
     */
    public int add(String seriesId, double[] values, double scale) {
        boolean naive2 = scoring.naive2();
        modelSteps.addSeries(values);
        series.add(new Scored(seriesId, values, scale, new OriginErrors(1 - scoring.coverage()), new OriginErrors(),
                new OriginErrors(), naive2 ? new OriginErrors() : null, naive2 ? new Naive2(values, season) : null));
        return series.size() - 1;
    }

    /**
     * Scores the forecast made after observing x[origin] of a series against x[origin+1..origin+H] (those of
     * them at index {@link Scoring#scoreFrom} or later), and the baselines from x[0..origin] against the same
     * actuals.
     *
     * @return false, scoring nothing, when fewer than H actuals follow the origin, the forecast does not have H
     *         points, or none of its targets is at the scoring index or later
     */
    public boolean score(int seriesIndex, int origin, Forecast forecast) {
        Scored s = series.get(seriesIndex);
        double[] x = s.values();
        int from = Math.max(0, scoring.scoreFrom() - origin - 1); // the first step whose target is scored
        if (origin < 0 || origin + horizon >= x.length || forecast.points().size() != horizon || from >= horizon) {
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
        s.model().add(actual, mean, lower, upper, from);
        modelSteps.add(actual, mean, lower, upper, from);
        s.naive().add(actual, Baselines.naive(x, origin + 1, horizon), from);
        s.seasonalNaive().add(actual, Baselines.seasonalNaive(x, origin + 1, horizon, season), from);
        if (s.naive2() != null) {
            s.naive2().add(actual, s.naive2Forecaster().forecast(origin, horizon), from);
        }
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
        List<MetricSummary.PerSeries> naive2 = new ArrayList<>();
        for (Scored s : series) {
            model.add(MetricSummary.PerSeries.of(s.seriesId(), s.model(), s.scale()));
            naive.add(MetricSummary.PerSeries.of(s.seriesId(), s.naive(), s.scale()));
            seasonalNaive.add(MetricSummary.PerSeries.of(s.seriesId(), s.seasonalNaive(), s.scale()));
            if (s.naive2() != null) {
                naive2.add(MetricSummary.PerSeries.of(s.seriesId(), s.naive2(), s.scale()));
            }
        }
        return new Result(MetricSummary.average(model), MetricSummary.average(naive),
                MetricSummary.average(seasonalNaive), List.copyOf(model), List.copyOf(naive),
                List.copyOf(seasonalNaive), scoring.naive2() ? MetricSummary.average(naive2) : null,
                List.copyOf(naive2), modelSteps.steps(), origins);
    }
}
