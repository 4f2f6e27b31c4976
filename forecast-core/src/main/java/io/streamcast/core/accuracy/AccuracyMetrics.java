package io.streamcast.core.accuracy;

/**
 * Point and interval accuracy with the M4 competition's definitions.
 *
 * <ul>
 *   <li>MAE = mean |y - f|</li>
 *   <li>sMAPE = 200 / h * sum |y - f| / (|y| + |f|), terms with |y| + |f| = 0 contribute 0</li>
 *   <li>MASE = MAE / (mean |x(t) - x(t-m)| over the in-sample series x), the seasonal-naive scale</li>
 *   <li>coverage = share of actuals inside [lower, upper]</li>
 *   <li>MSIS = mean interval score over the same scale as MASE, the interval score of one point being
 *       (U - L) + 2/alpha (L - y) 1{y &lt; L} + 2/alpha (y - U) 1{y &gt; U} for the interval [L, U] of nominal
 *       coverage 1 - alpha</li>
 * </ul>
 * Per-series figures are averaged over series by the caller (as M4 does), not pooled.
 */
public final class AccuracyMetrics {
    private AccuracyMetrics() {}

    public static double mae(double[] actual, double[] forecast) {
        requireSameLength(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs(actual[i] - forecast[i]);
        }
        return sum / actual.length;
    }

    public static double smape(double[] actual, double[] forecast) {
        requireSameLength(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double denominator = Math.abs(actual[i]) + Math.abs(forecast[i]);
            if (denominator > 0) {
                sum += Math.abs(actual[i] - forecast[i]) / denominator;
            }
        }
        return 200.0 * sum / actual.length;
    }

    /**
     * The in-sample seasonal-naive MAE with season m; NaN when the sample has no more than m points.
     * With m = 1 this is the naive (random walk) scale.
     */
    public static double seasonalNaiveScale(double[] insample, int season) {
        if (season < 1) {
            throw new IllegalArgumentException("season must be >= 1: " + season);
        }
        if (insample.length <= season) {
            return Double.NaN;
        }
        double sum = 0;
        for (int t = season; t < insample.length; t++) {
            sum += Math.abs(insample[t] - insample[t - season]);
        }
        return sum / (insample.length - season);
    }

    public static double mase(double[] insample, double[] actual, double[] forecast, int season) {
        return mae(actual, forecast) / seasonalNaiveScale(insample, season);
    }

    public static double coverage(double[] actual, double[] lower, double[] upper) {
        requireSameLength(actual, lower);
        requireSameLength(actual, upper);
        int inside = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] >= lower[i] && actual[i] <= upper[i]) {
                inside++;
            }
        }
        return (double) inside / actual.length;
    }

    /**
     * M4's interval score of one actual y against the interval [lower, upper] of nominal coverage 1 - alpha: the
     * interval's width, plus 2/alpha times how far y falls outside it.
     */
    public static double intervalScore(double y, double lower, double upper, double alpha) {
        double score = upper - lower;
        if (y < lower) {
            score += 2 / alpha * (lower - y);
        } else if (y > upper) {
            score += 2 / alpha * (y - upper);
        }
        return score;
    }

    private static void requireSameLength(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("need two non-empty arrays of equal length, got " + a.length
                    + " and " + b.length);
        }
    }
}
