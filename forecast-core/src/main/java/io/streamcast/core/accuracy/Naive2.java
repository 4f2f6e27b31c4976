package io.streamcast.core.accuracy;

import java.util.Arrays;

/**
 * M4's Naive2 benchmark of one series, the denominator of OWA, as the M4 organisers' R code computes it
 * ({@code Benchmarks and Evaluation.R}: {@code SeasonalityTest}, {@code decompose(type = "multiplicative")},
 * {@code naive(des_input) * SIout}), forecasting from the first n values of the series for any n:
 *
 * <ol>
 *   <li>Seasonality test on x[0..n): seasonal when m &gt; 1, n &ge; 3m and
 *       |r_m| &gt; 1.645 &middot; sqrt((1 + 2 &Sigma;_{k=1}^{m-1} r_k&sup2;) / n), r_k the sample autocorrelation
 *       (R's {@code acf}: deviations from the mean of x[0..n), every lag over the lag-0 sum).</li>
 *   <li>If seasonal, classical multiplicative decomposition: the trend is the centred moving average of order m
 *       (2&times;m for even m: weights 1/2m at the ends, 1/m inside); the ratios x/trend, where the trend is
 *       defined, averaged per position t mod m (counting from the series' first value, as R's
 *       {@code decompose} does) give m indices, normalised to mean 1.</li>
 *   <li>The forecast for x[n-1+j] is the last deseasonalised value x[n-1] / s(n-1) times s(n-1+j), with s(t)
 *       the index of position t mod m; not seasonal: x[n-1] (naive).</li>
 * </ol>
 *
 * <p>One difference from the R code, on purpose: R's {@code acf} computes lags only up to floor(10 log10 n), so
 * the R code calls every series non-seasonal whose m is above that (m = 48 needs n &ge; 63,096); here lag m is
 * always tested. On M4 (m &le; 24 with at least 700 points per hourly series) the two agree.
 *
 * <p>Walk-forward evaluation asks for the forecast at every origin of a series, so everything the forecast needs
 * is kept as running sums, extended point by point as n grows (O(m) per point, not O(n m) per origin): the
 * lagged products and prefix sums of the autocovariances, and the per-position sums of the ratios, each ratio
 * computed once its moving average is complete. Asking for a smaller n than before starts over.
 */
public final class Naive2 {
    /** One-sided 90 % critical value of the normal distribution, as in the M4 code ({@code tcrit}). */
    static final double CRITICAL = 1.645;

    private final double[] x;
    private final int season;
    /** Half the moving average's span: the trend at t uses x[t - half .. t + half]. */
    private final int half;
    private final double[] weights;

    /** Values consumed so far: the forecast is from x[0..n). */
    private int n;
    /** Prefix sums of x - x[0] (autocovariances do not change with a shift; it keeps the sums small). */
    private final double[] prefix;
    /** lagged[k] = &Sigma; (x[t] - x[0]) (x[t+k] - x[0]) over the pairs inside x[0..n), k = 0..m. */
    private final double[] lagged;
    private final double[] ratioSum;
    private final int[] ratioCount;

    /**
     * @param values the whole series (kept, not copied); forecasts use only the values before their origin
     * @param season m, the seasonal period; 1 = never seasonal (Naive2 is naive)
     */
    public Naive2(double[] values, int season) {
        if (season < 1) {
            throw new IllegalArgumentException("season must be >= 1: " + season);
        }
        this.x = values;
        this.season = season;
        this.half = season / 2;
        this.weights = movingAverageWeights(season);
        this.prefix = new double[values.length + 1];
        this.lagged = new double[season + 1];
        this.ratioSum = new double[season];
        this.ratioCount = new int[season];
    }

    /**
     * R's {@code decompose} filter: {@code c(0.5, rep(1, m - 1), 0.5) / m} for even m, {@code rep(1, m) / m} for
     * odd m, applied centred ({@code filter(x, f, sides = 2)}).
     */
    private static double[] movingAverageWeights(int m) {
        double[] w = new double[m % 2 == 0 ? m + 1 : m];
        Arrays.fill(w, 1.0 / m);
        if (m % 2 == 0) {
            w[0] = 0.5 / m;
            w[m] = 0.5 / m;
        }
        return w;
    }

    /**
     * The Naive2 forecast of x[origin+1 .. origin+h] from x[0..origin].
     *
     * @throws IllegalArgumentException when origin is not an index of the series or h &lt; 1
     */
    public double[] forecast(int origin, int h) {
        if (origin < 0 || origin >= x.length || h < 1) {
            throw new IllegalArgumentException("no forecast of " + h + " steps from origin " + origin + " of "
                    + x.length + " values");
        }
        advanceTo(origin + 1);
        double[] f = new double[h];
        if (!seasonal()) {
            Arrays.fill(f, x[n - 1]);
            return f;
        }
        double[] index = seasonalIndices();
        double deseasonalised = x[n - 1] / index[(n - 1) % season];
        for (int j = 1; j <= h; j++) {
            f[j - 1] = deseasonalised * index[(n - 1 + j) % season];
        }
        return f;
    }

    /** Whether x[0..origin] passes the seasonality test (for tests and reports). */
    public boolean seasonalAt(int origin) {
        advanceTo(origin + 1);
        return seasonal();
    }

    /** The normalised seasonal indices of x[0..origin], by position t mod m; meaningful when seasonal. */
    public double[] seasonalIndicesAt(int origin) {
        advanceTo(origin + 1);
        return seasonalIndices();
    }

    private void advanceTo(int count) {
        if (count < n) {
            n = 0; // an earlier origin than the last one asked: start over
            Arrays.fill(lagged, 0);
            Arrays.fill(ratioSum, 0);
            Arrays.fill(ratioCount, 0);
        }
        for (; n < count; n++) {
            double y = x[n] - x[0];
            prefix[n + 1] = prefix[n] + y;
            for (int k = 0; k <= season && k <= n; k++) {
                lagged[k] += (x[n - k] - x[0]) * y;
            }
            // the moving average centred at n - half is complete with x[n]
            int t = n - half;
            if (t >= half) {
                double ratio = x[t] / trend(t);
                if (!Double.isNaN(ratio)) { // R's mean(..., na.rm = TRUE) drops NaN (0/0), keeps infinities
                    ratioSum[t % season] += ratio;
                    ratioCount[t % season]++;
                }
            }
        }
    }

    /** The centred moving average at t, summed in the order R's C filter sums (newest value first). */
    private double trend(int t) {
        double z = 0;
        for (int j = 0; j < weights.length; j++) {
            z += weights[j] * x[t + half - j];
        }
        return z;
    }

    private boolean seasonal() {
        int m = season;
        if (m <= 1 || n < 3 * m) {
            return false;
        }
        double mean = prefix[n] / n;
        double c0 = autocovariance(0, mean);
        double cumulative = 1; // 1 + 2 sum_{k<m} r_k^2
        for (int k = 1; k < m; k++) {
            double r = autocovariance(k, mean) / c0;
            cumulative += 2 * r * r;
        }
        double rm = autocovariance(m, mean) / c0;
        double limit = CRITICAL / Math.sqrt(n) * Math.sqrt(cumulative);
        return Math.abs(rm) > limit; // NaN (a constant series) is not seasonal, as R's is.na check makes it
    }

    /**
     * &Sigma;_{t=0}^{n-1-k} (x[t] - mean)(x[t+k] - mean), with x and mean shifted by x[0]: the lagged products
     * less mean times both partial sums, plus (n - k) mean&sup2;.
     */
    private double autocovariance(int k, double mean) {
        double head = prefix[n - k];
        double tail = prefix[n] - prefix[k];
        return lagged[k] - mean * (head + tail) + (n - k) * mean * mean;
    }

    private double[] seasonalIndices() {
        double[] figure = new double[season];
        double sum = 0;
        for (int c = 0; c < season; c++) {
            figure[c] = ratioCount[c] == 0 ? Double.NaN : ratioSum[c] / ratioCount[c];
            sum += figure[c];
        }
        double mean = sum / season;
        for (int c = 0; c < season; c++) {
            figure[c] /= mean;
        }
        return figure;
    }
}
