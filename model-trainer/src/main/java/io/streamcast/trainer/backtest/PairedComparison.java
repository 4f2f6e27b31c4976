package io.streamcast.trainer.backtest;

import org.apache.commons.math3.special.Erf;

/**
 * How much better one forecaster did than another on the same backtest origins, and how sure that is.
 *
 * <p>The improvement is the other's MASE minus this one's over the origins both scored: per series the mean
 * over those origins of the difference of their scaled MAEs, then the mean over series, as MASE averages (with
 * every origin paired it equals the difference of the two MASE figures).
 *
 * <p>Its noise: the backtest's origins are a sample of what the series do, and a different stretch of the
 * same series could have favoured either forecaster. Neighbouring origins are not independent samples (their
 * forecasts share actuals and the errors are autocorrelated), so each series' origins are cut into blocks of
 * about H consecutive origins — forecasts more than H apart share no actual — and the standard error comes from
 * the spread of the block means within each series, combined over series:
 * {@code Var = (1/S²) Σ_s k_s/(k_s-1) Σ_b (n_b/n_s)² (x_b - D_s)²}. Differences between series are not noise
 * (they are what the mean is over); a series with a single paired origin adds no variance. Blocks soak up the
 * correlation within H origins but not slower drifts, so this is a lower bound of the noise rather than an exact
 * figure; the gate asks for a one-sided confidence of 95 % against it.
 *
 * @param improvement   the other's MASE minus this one's (positive: this one is better)
 * @param relative      {@code improvement} over the other's MASE on the paired origins
 * @param standardError the improvement's standard error; 0 when every block agrees (e.g. identical forecasts)
 * @param series        series with at least one paired origin
 * @param blocks        blocks over all series
 */
public record PairedComparison(double improvement, double relative, double standardError, int series, int blocks) {
    /** One-sided z for 95 % confidence. */
    public static final double Z_95 = 1.6448536269514722;

    /**
     * Compares {@code a} with {@code b}: how much better {@code a} is.
     *
     * @param horizon H, the block length (shortened for a series with fewer than 2H paired origins, so every
     *                series with two origins has two blocks)
     */
    public static PairedComparison of(Backtest a, Backtest b, int horizon) {
        if (a.originMase().length != b.originMase().length) {
            throw new IllegalArgumentException("backtests of different series: " + a.originMase().length + " vs "
                    + b.originMase().length);
        }
        double sumD = 0;
        double sumB = 0;
        double variance = 0;
        int series = 0;
        int blocks = 0;
        for (int s = 0; s < a.originMase().length; s++) {
            double[] ea = a.originMase()[s];
            double[] eb = b.originMase()[s];
            int n = Math.min(ea.length, eb.length);
            double[] d = new double[n];
            double[] other = new double[n];
            int paired = 0;
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(ea[i]) && Double.isFinite(eb[i])) {
                    d[paired] = eb[i] - ea[i];
                    other[paired++] = eb[i];
                }
            }
            if (paired == 0) {
                continue;
            }
            series++;
            double mean = mean(d, 0, paired);
            sumD += mean;
            sumB += mean(other, 0, paired);
            int k = Math.max(1, paired / Math.max(1, Math.min(horizon, paired / 2)));
            blocks += k;
            if (k < 2) {
                continue;
            }
            double v = 0;
            for (int j = 0; j < k; j++) {
                int from = (int) ((long) j * paired / k);
                int to = (int) ((long) (j + 1) * paired / k);
                double w = (double) (to - from) / paired;
                double dev = mean(d, from, to) - mean;
                v += w * w * dev * dev;
            }
            variance += v * k / (k - 1);
        }
        if (series == 0) {
            return new PairedComparison(Double.NaN, Double.NaN, Double.NaN, 0, 0);
        }
        double improvement = sumD / series;
        return new PairedComparison(improvement, improvement / (sumB / series), Math.sqrt(variance) / series,
                series, blocks);
    }

    private static double mean(double[] v, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += v[i];
        }
        return sum / (to - from);
    }

    /** The improvement in standard errors (infinite when the standard error is 0 and the improvement is not). */
    public double z() {
        if (standardError > 0) {
            return improvement / standardError;
        }
        return improvement == 0 || Double.isNaN(improvement) ? 0 : Math.copySign(Double.POSITIVE_INFINITY, improvement);
    }

    /** One-sided confidence that this forecaster is better: Φ(z), under a normal approximation. */
    public double confidence() {
        if (!Double.isFinite(improvement)) {
            return Double.NaN;
        }
        return 0.5 * Erf.erfc(-z() / Math.sqrt(2));
    }

    /** Whether the improvement exceeds its noise at 95 % one-sided confidence. */
    public boolean beyondNoise() {
        return improvement > 0 && z() > Z_95;
    }

    /** E.g. "0.0412 (4.9 %) ± 0.0123, confidence 99.9 %". */
    public String describe() {
        return String.format("%.4f (%.1f %%) ± %.4f, confidence %.1f %%", improvement, relative * 100, standardError,
                confidence() * 100);
    }
}
