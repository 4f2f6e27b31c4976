package io.streamcast.core.accuracy;

import java.util.ArrayList;
import java.util.List;

/**
 * A forecaster's errors by horizon step, pooled over every scored (series, origin) pair at that step: how the
 * error grows with the lead time, in the units of the data (pooled, not averaged per series, so series with
 * large values weigh more; NRMSE makes steps comparable with each other, not series).
 *
 * <p>NRMSE is the step's RMSE over the population standard deviation of every value of the series scored (all
 * their rows, scored or not): the definition of the htmresearch NYC taxi comparisons (Cui, Ahmad and Hawkins
 * 2016; {@code computeNRMSE}, {@code np.nanstd(truth)} over the whole series), so their published figures compare
 * with this one directly. Over several series of different levels the pooled deviation is mostly the spread
 * between them.
 */
public final class StepErrors {
    private final long[] points;
    private final double[] absSum;
    private final double[] squaredSum;
    private final long[] inside;
    /** Running count, mean and sum of squared deviations of every value of the series (Welford: no cancellation). */
    private long values;
    private double valueMean;
    private double valueM2;

    /**
     * One step's figures.
     *
     * @param step     1..H
     * @param points   the actuals scored at this step
     * @param nrmse    rmse over the population standard deviation of every value of the series scored
     * @param coverage share of those actuals inside their interval
     */
    public record Step(int step, long points, double mae, double rmse, double nrmse, double coverage) {}

    public StepErrors(int horizon) {
        points = new long[horizon];
        absSum = new double[horizon];
        squaredSum = new double[horizon];
        inside = new long[horizon];
    }

    /** A series whose forecasts are scored: its values (all of them) set the NRMSE's deviation. */
    public void addSeries(double[] series) {
        for (double v : series) {
            values++;
            double delta = v - valueMean;
            valueMean += delta / values;
            valueM2 += delta * (v - valueMean);
        }
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
        }
    }

    /** Every step 1..H; a step without scored points has NaN figures. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        double std = Math.sqrt(valueM2 / values);
        for (int j = 0; j < points.length; j++) {
            long n = points[j];
            double rmse = Math.sqrt(squaredSum[j] / n);
            steps.add(new Step(j + 1, n, absSum[j] / n, rmse, rmse / std, (double) inside[j] / n));
        }
        return List.copyOf(steps);
    }
}
