package io.streamcast.core.forecast;

/**
 * The reference forecasts, over a plain history (M4 definitions): naive repeats the last value; seasonal naive
 * repeats the last season, step j taking {@code x[n - m*ceil(j/m) + j - 1]} (0-based, n values). They are what
 * forecasts serve before any model and what every model is measured against.
 */
public final class Baselines {
    private Baselines() {}

    public static double[] naive(double[] history, int end, int horizon) {
        double[] f = new double[horizon];
        java.util.Arrays.fill(f, history[end - 1]);
        return f;
    }

    /** Seasonal naive from the first {@code end} values of history; naive when fewer than m values exist. */
    public static double[] seasonalNaive(double[] history, int end, int horizon, int season) {
        if (end < season) {
            return naive(history, end, horizon);
        }
        double[] f = new double[horizon];
        for (int j = 1; j <= horizon; j++) {
            f[j - 1] = history[end - season * ((j + season - 1) / season) + j - 1];
        }
        return f;
    }
}
