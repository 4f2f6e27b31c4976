package io.streamcast.core.accuracy;

/**
 * Accumulates one series' errors over forecast origins, the way M4 scores a series: per origin the MAE and
 * sMAPE over its H steps, then the mean over origins. Interval coverage is pooled over all scored points.
 */
public final class OriginErrors {
    private double maeSum;
    private double smapeSum;
    private long origins;
    private long points;
    private long inside;

    public void add(double[] actual, double[] forecast) {
        maeSum += AccuracyMetrics.mae(actual, forecast);
        smapeSum += AccuracyMetrics.smape(actual, forecast);
        origins++;
    }

    public void add(double[] actual, double[] forecast, double[] lower, double[] upper) {
        add(actual, forecast);
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] >= lower[i] && actual[i] <= upper[i]) {
                inside++;
            }
        }
        points += actual.length;
    }

    public long origins() {
        return origins;
    }

    /** Mean over origins of the per-origin MAE; NaN before any origin. */
    public double mae() {
        return origins == 0 ? Double.NaN : maeSum / origins;
    }

    public double smape() {
        return origins == 0 ? Double.NaN : smapeSum / origins;
    }

    /** MAE over the series' seasonal-naive scale. */
    public double mase(double scale) {
        return mae() / scale;
    }

    /** Share of scored points inside their interval; NaN when no interval was scored. */
    public double coverage() {
        return points == 0 ? Double.NaN : (double) inside / points;
    }
}
