package io.streamcast.core.accuracy;

/**
 * Accumulates one series' errors over forecast origins, the way M4 scores a series: per origin the MAE and
 * sMAPE over its H steps, then the mean over origins. Interval coverage and the interval score are pooled over
 * all scored points.
 *
 * <p>An origin may be scored on its later steps only (the steps from {@code from} on, when a protocol scores only
 * targets from some index on): it then counts as the share of its steps scored, so that the figures stay the
 * mean over all scored points; when every step of every origin is scored, this is exactly the mean over origins.
 */
public final class OriginErrors {
    private final double alpha;
    private double maeSum;
    private double smapeSum;
    /** Origins scored, each weighted by the share of its steps scored (exactly the count when all are). */
    private double weight;
    private long origins;
    private long points;
    private long inside;
    private double intervalScoreSum;

    /** Errors of a forecaster without intervals (or whose intervals need no interval score). */
    public OriginErrors() {
        this(Double.NaN);
    }

    /** @param alpha 1 - the intervals' nominal coverage, for the interval score; NaN scores none */
    public OriginErrors(double alpha) {
        this.alpha = alpha;
    }

    public void add(double[] actual, double[] forecast) {
        add(actual, forecast, 0);
    }

    /** Scores the steps {@code from}..H-1 of one origin (0-based steps). */
    public void add(double[] actual, double[] forecast, int from) {
        if (from == 0) { // the M4 figures of the origin, bit for bit as they always were
            maeSum += AccuracyMetrics.mae(actual, forecast);
            smapeSum += AccuracyMetrics.smape(actual, forecast);
            weight += 1;
        } else {
            requireStep(from, actual.length);
            double abs = 0;
            double relative = 0;
            for (int i = from; i < actual.length; i++) {
                abs += Math.abs(actual[i] - forecast[i]);
                double denominator = Math.abs(actual[i]) + Math.abs(forecast[i]);
                if (denominator > 0) {
                    relative += Math.abs(actual[i] - forecast[i]) / denominator;
                }
            }
            // sums over H, weight (H - from) / H: the point means come out right over all origins
            maeSum += abs / actual.length;
            smapeSum += 200.0 * relative / actual.length;
            weight += (double) (actual.length - from) / actual.length;
        }
        origins++;
    }

    public void add(double[] actual, double[] forecast, double[] lower, double[] upper) {
        add(actual, forecast, lower, upper, 0);
    }

    /** Scores the steps {@code from}..H-1 of one origin, with the interval [lower, upper] of each. */
    public void add(double[] actual, double[] forecast, double[] lower, double[] upper, int from) {
        add(actual, forecast, from);
        for (int i = from; i < actual.length; i++) {
            if (actual[i] >= lower[i] && actual[i] <= upper[i]) {
                inside++;
            }
            intervalScoreSum += AccuracyMetrics.intervalScore(actual[i], lower[i], upper[i], alpha);
        }
        points += actual.length - from;
    }

    private static void requireStep(int from, int length) {
        if (from < 0 || from >= length) {
            throw new IllegalArgumentException("first scored step " + from + " is not one of " + length);
        }
    }

    public long origins() {
        return origins;
    }

    /** Mean over origins of the per-origin MAE; NaN before any origin. */
    public double mae() {
        return origins == 0 ? Double.NaN : maeSum / weight;
    }

    public double smape() {
        return origins == 0 ? Double.NaN : smapeSum / weight;
    }

    /** MAE over the series' seasonal-naive scale. */
    public double mase(double scale) {
        return mae() / scale;
    }

    /** Share of scored points inside their interval; NaN when no interval was scored. */
    public double coverage() {
        return points == 0 ? Double.NaN : (double) inside / points;
    }

    /**
     * M4's MSIS of the series: the mean interval score of the scored points over the series' scale; NaN when no
     * interval was scored or no alpha given.
     */
    public double msis(double scale) {
        return points == 0 || Double.isNaN(alpha) ? Double.NaN : intervalScoreSum / points / scale;
    }
}
