package io.streamcast.cli.evaluate;

import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.trainer.SeriesHistory;
import java.util.Arrays;

/**
 * Actuals and forecasts kept for plotting one series ({@link PlotWriter}): per point its actual, the forecast
 * made for it and that forecast's interval (NaN where no forecast was kept).
 */
public record PlotSeries(String seriesId, long[] times, double[] actual, double[] mean, double[] lower,
                         double[] upper) {

    /** Collects the forecasts for the points [from, to) of one series. */
    public static final class Builder {
        private final SeriesHistory series;
        private final int from;
        private final double[] mean;
        private final double[] lower;
        private final double[] upper;

        public Builder(SeriesHistory series, int from, int to) {
            this.series = series;
            this.from = from;
            this.mean = new double[to - from];
            this.lower = new double[to - from];
            this.upper = new double[to - from];
            Arrays.fill(mean, Double.NaN);
            Arrays.fill(lower, Double.NaN);
            Arrays.fill(upper, Double.NaN);
        }

        /** Keeps the forecast for the series' point t, if t is plotted. */
        public void put(int t, ForecastPoint p) {
            if (t >= from && t < from + mean.length) {
                mean[t - from] = p.mean();
                lower[t - from] = p.lower();
                upper[t - from] = p.upper();
            }
        }

        public PlotSeries build() {
            int to = from + mean.length;
            return new PlotSeries(series.seriesId(), Arrays.copyOfRange(series.timestamps(), from, to),
                    Arrays.copyOfRange(series.valuesAsDoubles(), from, to), mean, lower, upper);
        }
    }
}
