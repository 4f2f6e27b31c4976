package io.streamcast.cli.evaluate;

import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.trainer.SeriesHistory;
import java.util.Arrays;

/**
 * Actuals and forecasts kept for plotting one series ({@link PlotWriter}): per point its actual, the forecast
 * made for it (NaN where none was kept) and that forecast's upper half-width.
 */
public record PlotSeries(String seriesId, long[] times, double[] actual, double[] mean, double[] width) {

    /** Collects the forecasts for the points [from, to) of one series. */
    public static final class Builder {
        private final SeriesHistory series;
        private final int from;
        private final double[] mean;
        private final double[] width;

        public Builder(SeriesHistory series, int from, int to) {
            this.series = series;
            this.from = from;
            this.mean = new double[to - from];
            this.width = new double[to - from];
            Arrays.fill(mean, Double.NaN);
        }

        /** Keeps the forecast for the series' point t, if t is plotted. */
        public void put(int t, ForecastPoint p) {
            if (t >= from && t < from + mean.length) {
                mean[t - from] = p.mean();
                width[t - from] = p.upper() - p.mean();
            }
        }

        public PlotSeries build() {
            int to = from + mean.length;
            return new PlotSeries(series.seriesId(), Arrays.copyOfRange(series.timestamps(), from, to),
                    Arrays.copyOfRange(series.valuesAsDoubles(), from, to), mean, width);
        }
    }
}
