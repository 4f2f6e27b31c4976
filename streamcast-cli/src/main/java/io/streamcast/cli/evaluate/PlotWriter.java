package io.streamcast.cli.evaluate;

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
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG of actual vs forecast with the prediction interval (error bars), one panel per series (XChart). */
public final class PlotWriter {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 320;

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
        chart.getStyler().setDatePattern("yyyy-MM-dd HH:mm");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        List<Date> x = new ArrayList<>();
        List<Double> actual = new ArrayList<>();
        List<Date> fx = new ArrayList<>();
        List<Double> mean = new ArrayList<>();
        List<Double> width = new ArrayList<>();
        for (int i = 0; i < p.times().length; i++) {
            x.add(new Date(p.times()[i]));
            actual.add(p.actual()[i]);
            if (!Double.isNaN(p.mean()[i])) {
                fx.add(new Date(p.times()[i]));
                mean.add(p.mean()[i]);
                width.add(p.width()[i]);
            }
        }
        XYSeries a = chart.addSeries("actual", x, actual);
        a.setMarker(SeriesMarkers.NONE);
        a.setLineColor(Color.DARK_GRAY);
        if (!fx.isEmpty()) {
            XYSeries f = chart.addSeries("forecast ± interval", fx, mean, width);
            f.setMarker(SeriesMarkers.CIRCLE);
            f.setMarkerColor(new Color(0x1f77b4));
            f.setLineColor(new Color(0x1f77b4));
        }
        return chart;
    }
}
