package io.streamcast.cli.evaluate;

import io.streamcast.core.accuracy.AccuracyMetrics;
import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.domain.Forecast;
import io.streamcast.trainer.SeriesHistory;
import java.util.List;

/**
 * Which forecasts the rolling protocol scores, as {@code baselines.py rolling} scores naive and seasonal naive:
 * every origin index o from m on with H actuals ahead, MASE over the whole series' seasonal-naive MAE (with a
 * first scored row N: only the steps whose target index o + j is N or later, the baselines' too). The
 * actual values are known up front (replayed data), so a forecast is scored as soon as it is offered; the
 * scoring itself is {@link BaselineComparison}'s. Evaluate's rolling mode and the demo score through it.
 */
public final class RollingProtocol {
    private final BaselineComparison comparison;
    private final int season;

    /** Point figures and coverage of every origin from m on (the demo). */
    public RollingProtocol(List<SeriesHistory> series, int horizon, int season) {
        this(series, horizon, season, BaselineComparison.Scoring.POINTS);
    }

    /** @param scoring what is scored besides the point figures: MSIS, the first scored row, Naive2 */
    public RollingProtocol(List<SeriesHistory> series, int horizon, int season, BaselineComparison.Scoring scoring) {
        this.comparison = new BaselineComparison(horizon, season, scoring);
        this.season = season;
        for (SeriesHistory s : series) {
            double[] x = s.valuesAsDoubles();
            comparison.add(s.seriesId(), x, AccuracyMetrics.seasonalNaiveScale(x, season));
        }
    }

    /** Scores the forecast made after observing x[origin] of series s (by list index), if the protocol does. */
    public void offer(int s, int origin, Forecast f) {
        if (origin >= season) {
            comparison.score(s, origin, f);
        }
    }

    public BaselineComparison.Result result() {
        return comparison.result();
    }
}
