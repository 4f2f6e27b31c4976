package io.streamcast.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotWriterTest {
    private static final double NAN = Double.NaN;

    @TempDir
    Path dir;

    @Test
    void eachRunOfConsecutiveForecastsIsOneBandSoAGapIsNotBridged() {
        assertThat(PlotWriter.runs(new double[] {NAN, 1, 2, NAN, NAN, 3, 4, 5}))
                .containsExactly(new int[] {1, 3}, new int[] {5, 8});
        assertThat(PlotWriter.runs(new double[] {1, 2})).containsExactly(new int[] {0, 2});
        assertThat(PlotWriter.runs(new double[] {NAN, NAN})).isEmpty();
    }

    @Test
    void writesOnePanelPerSeriesWithTheBandFilledBetweenTheBounds() throws Exception {
        long hour = 3_600_000L;
        long[] times = new long[40];
        double[] actual = new double[40];
        double[] mean = new double[40];
        double[] lower = new double[40];
        double[] upper = new double[40];
        for (int i = 0; i < 40; i++) {
            times[i] = i * hour;
            actual[i] = 10 + Math.sin(i / 3.0);
            boolean forecast = i >= 30;
            mean[i] = forecast ? actual[i] : NAN;
            lower[i] = forecast ? actual[i] - 5 : NAN;
            upper[i] = forecast ? actual[i] + 5 : NAN;
        }
        PlotSeries p = new PlotSeries("s", times, actual, mean, lower, upper);
        Path file = dir.resolve("plot.png");
        PlotWriter.write(List.of(p, p), "test", file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(640);
        // the band's tint (the forecast colour at 16 % over white: 255 - 0.16 (255 - c): about (249, 226, 216)) fills some pixels
        long tinted = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < 320; y++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.abs(r - 249) <= 3 && Math.abs(g - 226) <= 3 && Math.abs(b - 216) <= 3) {
                    tinted++;
                }
            }
        }
        assertThat(tinted).isGreaterThan(2_000);
    }
}
