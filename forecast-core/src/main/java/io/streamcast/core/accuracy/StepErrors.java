package io.streamcast.core.accuracy;

import java.util.ArrayList;
import java.util.List;

/**
 * A forecaster's errors by horizon step, pooled over every scored (series, origin) pair at that step: how the
 * error grows with the lead time, in the units of the data (pooled, not averaged per series, so series with
 * large values weigh more; NRMSE makes steps comparable with each other, not series).
 */
public final class StepErrors {
    private final long[] points;
    private final double[] absSum;
    private final double[] squaredSum;
    private final long[] inside;
    /** Running mean and sum of squared deviations of the actuals at each step (Welford: no cancellation). */
    private final double[] actualMean;
    private final double[] actualM2;

    /**
     * One step's figures.
     *
     * @param step     1..H
     * @param points   the actuals scored at this step
     * @param nrmse    rmse over the population standard deviation of those actuals
     * @param coverage share of those actuals inside their interval
     */
    public record Step(int step, long points, double mae, double rmse, double nrmse, double coverage) {}

    public StepErrors(int horizon) {
        points = new long[horizon];
        absSum = new double[horizon];
        squaredSum = new double[horizon];
        inside = new long[horizon];
        actualMean = new double[horizon];
        actualM2 = new double[horizon];
    }

    /** Adds the steps {@code from}..H-1 (0-based) of one origin. */
    public void add(double[] actual, double[] mean, double[] lower, double[] upper, int from) {
        for (int j = from; j < actual.length; j++) {
            double e = actual[j] - mean[j];
            points[j]++;
            absSum[j] += Math.abs(e);
            squaredSum[j] += e * e;
            if (actual[j] >= lower[j] && actual[j] <= upper[j]) {
                inside[j]++;
            }
            double delta = actual[j] - actualMean[j];
            actualMean[j] += delta / points[j];
            actualM2[j] += delta * (actual[j] - actualMean[j]);
        }
    }

    /** Every step 1..H; a step without scored points has NaN figures. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        for (int j = 0; j < points.length; j++) {
            long n = points[j];
            double rmse = Math.sqrt(squaredSum[j] / n);
            double std = Math.sqrt(actualM2[j] / n);
            steps.add(new Step(j + 1, n, absSum[j] / n, rmse, rmse / std, (double) inside[j] / n));
        }
        return List.copyOf(steps);
    }
}
