package io.streamcast.core.accuracy;

import java.util.List;

/**
 * Figures for one forecaster averaged over series (M4: compute per series, then average). Series whose figure
 * is not finite (no origin scored, zero scale) are left out of that figure's average.
 */
public record MetricSummary(double mae, double smape, double mase, double coverage) {

    /** One series' figures. */
    public record PerSeries(String seriesId, double mae, double smape, double mase, double coverage) {
        public static PerSeries of(String id, OriginErrors errors, double scale) {
            return new PerSeries(id, errors.mae(), errors.smape(), errors.mase(scale), errors.coverage());
        }
    }

    public static MetricSummary average(List<PerSeries> series) {
        return new MetricSummary(mean(series, PerSeries::mae), mean(series, PerSeries::smape),
                mean(series, PerSeries::mase), mean(series, PerSeries::coverage));
    }

    private static double mean(List<PerSeries> series, java.util.function.ToDoubleFunction<PerSeries> f) {
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
