package io.streamcast.core.forecast;

/**
 * What scoring one observation against the key's earlier forecasts found, summed over the tracked steps that
 * could be scored, once the key's scale rests on at least 20 differences. "Scaled" errors are divided by the series'
 * seasonal-naive MAE, so their mean is MASE.
 *
 * @param scaledByStep         per tracked step (index as in {@link TrackedSteps}): the scaled error of the point
 *                             scored for that step, NaN when none was
 * @param scaledSeasonalNaiveByStep the same for seasonal naive
 */
public record ScoreSummary(int scored, double absError, double seasonalNaiveAbsError, double scaledError,
                           double scaledSeasonalNaiveError, int covered, double[] scaledByStep,
                           double[] scaledSeasonalNaiveByStep) {
    public static final ScoreSummary NONE = new ScoreSummary(0, 0, 0, 0, 0, 0, new double[0], new double[0]);
}
