package io.streamcast.cli.evaluate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG of actual vs forecast, one panel per series (XChart), drawn as the live page draws them: the prediction
 * interval as a shaded band, the forecast line and the actuals over it, in the live page's colours.
 */
public final class PlotWriter {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 320;
    private static final Color ACTUAL = new Color(0x1f5fbf);
    private static final Color FORECAST = new Color(0xd9480f);
    /** The live page's band: the forecast colour at 16 % opacity. */
    private static final Color BAND = new Color(217, 72, 15, 41);
    private static final Color GRID = new Color(0xeceff3);
    /** Fewer forecast points than this (a holdout's H) get a marker each; more would be a smear. */
    private static final int MARKED_POINTS = 60;

    private PlotWriter() {}

    public static void write(List<PlotSeries> plots, String title, Path file) throws IOException {
        List<BufferedImage> panels = new ArrayList<>();
        for (PlotSeries p : plots) {
            panels.add(BitmapEncoder.getBufferedImage(chart(p, title)));
        }
        BufferedImage all = new BufferedImage(WIDTH, Math.max(1, panels.size()) * HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(panels.get(i), 0, i * HEIGHT, null);
        }
        g.dispose();
        ImageIO.write(all, "png", file.toFile());
    }

    private static XYChart chart(PlotSeries p, String title) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title + " - " + p.seriesId()).xAxisTitle("time (UTC)").yAxisTitle("value").build();
        XYStyler styler = chart.getStyler();
        styler.setDatePattern("yyyy-MM-dd HH:mm");
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(GRID);
        styler.setPlotBorderVisible(false);
        styler.setLegendBorderColor(GRID);
        styler.setLegendBackgroundColor(new Color(255, 255, 255, 210)); // the data under it stays visible
        styler.setMarkerSize(5);

        // The band first, so that the lines are drawn over it; one band and one line per run of consecutive
        // forecasts (a gap, where none was kept, is left open rather than bridged).
        List<int[]> runs = runs(p.mean());
        int forecastPoints = runs.stream().mapToInt(r -> r[1] - r[0]).sum();
        for (int r = 0; r < runs.size(); r++) {
            int from = runs.get(r)[0];
            int to = runs.get(r)[1];
            List<Date> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = from; i < to; i++) {
                x.add(new Date(p.times()[i]));
                y.add(p.upper()[i]);
            }
            for (int i = to - 1; i >= from; i--) {
                x.add(new Date(p.times()[i]));
                y.add(p.lower()[i]);
            }
            XYSeries band = chart.addSeries(r == 0 ? "interval" : "interval " + r, x, y);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(BAND);
            band.setLineColor(BAND);
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(r == 0);
        }
        List<Date> x = new ArrayList<>();
        List<Double> actual = new ArrayList<>();
        for (int i = 0; i < p.times().length; i++) {
            x.add(new Date(p.times()[i]));
            actual.add(p.actual()[i]);
        }
        XYSeries a = chart.addSeries("actual", x, actual);
        a.setMarker(SeriesMarkers.NONE);
        a.setLineColor(ACTUAL);
        a.setLineWidth(1.5f);
        for (int r = 0; r < runs.size(); r++) {
            List<Date> fx = new ArrayList<>();
            List<Double> mean = new ArrayList<>();
            for (int i = runs.get(r)[0]; i < runs.get(r)[1]; i++) {
                fx.add(new Date(p.times()[i]));
                mean.add(p.mean()[i]);
            }
            XYSeries f = chart.addSeries(r == 0 ? "forecast" : "forecast " + r, fx, mean);
            f.setLineColor(FORECAST);
            f.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            f.setMarker(forecastPoints < MARKED_POINTS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            f.setMarkerColor(FORECAST);
            f.setShowInLegend(r == 0);
        }
        return chart;
    }

    /** The [from, to) index ranges of consecutive points with a forecast. */
    static List<int[]> runs(double[] mean) {
        List<int[]> runs = new ArrayList<>();
        int i = 0;
        while (i < mean.length) {
            if (Double.isNaN(mean[i])) {
                i++;
                continue;
            }
            int from = i;
            while (i < mean.length && !Double.isNaN(mean[i])) {
                i++;
            }
            runs.add(new int[] {from, i});
        }
        return runs;
    }
}
