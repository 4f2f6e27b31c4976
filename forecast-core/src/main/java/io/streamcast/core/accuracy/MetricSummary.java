package io.streamcast.core.accuracy;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Figures for one forecaster averaged over series (M4: compute per series, then average). Series whose figure
 * is not finite (no origin scored, zero scale) are left out of that figure's average. Coverage and MSIS are NaN
 * for a forecaster without intervals.
 */
public record MetricSummary(double mae, double smape, double mase, double coverage, double msis) {

    /** One series' figures. */
    public record PerSeries(String seriesId, double mae, double smape, double mase, double coverage, double msis) {
        public static PerSeries of(String id, OriginErrors errors, double scale) {
            return new PerSeries(id, errors.mae(), errors.smape(), errors.mase(scale), errors.coverage(),
                    errors.msis(scale));
        }
    }

    public static MetricSummary average(List<PerSeries> series) {
        return new MetricSummary(mean(series, PerSeries::mae), mean(series, PerSeries::smape),
                mean(series, PerSeries::mase), mean(series, PerSeries::coverage), mean(series, PerSeries::msis));
    }

    /**
     * M4's overall weighted average against Naive2: (sMAPE / sMAPE of Naive2 + MASE / MASE of Naive2) / 2, of the
     * figures averaged over series (as M4 ranks methods; not a mean of per-series ratios). Below 1 beats Naive2.
     */
    public double owa(MetricSummary naive2) {
        return (smape / naive2.smape() + mase / naive2.mase()) / 2;
    }

    private static double mean(List<PerSeries> series, ToDoubleFunction<PerSeries> f) {
        double sum = 0;
        int n = 0;
        for (PerSeries s : series) {
            double v = f.applyAsDouble(s);
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
