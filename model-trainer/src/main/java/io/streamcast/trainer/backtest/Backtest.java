package io.streamcast.trainer.backtest;

import io.streamcast.core.accuracy.BaselineComparison;

/**
 * One forecaster's backtest ({@link Backtester#run}): its scores next to naive and seasonal naive, and per series
 * each scored origin's MAE over the series' MASE scale, so that two forecasters backtested on the same histories
 * can be compared origin by origin ({@link PairedComparison}).
 *
 * @param originMase per series in the order given, per origin from the first scored one on: that origin's MAE
 *                   over the series' scale, NaN where the forecaster made no forecast; an empty array for a
 *                   series without a scored origin. Two backtests of the same histories, settings and origin count
 *                   have the same shape.
 */
public record Backtest(BaselineComparison.Result scores, double[][] originMase) {
    /** The forecaster's MASE (averaged over series). */
    public double mase() {
        return scores.model().mase();
    }
}
