package io.streamcast.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.backtest.Backtester;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins the figures of the three scoring paths (evaluate's holdout and rolling, the trainer's backtest) bit for
 * bit on deterministic data, served by the baseline forecaster only (the series are too short to train on, and
 * rolling never retrains). The expected texts are the records' own toString, which prints every double exactly;
 * an outside check compares evaluate's figures with an independent implementation, so these must not move
 * unless the forecasts do: a change to the intervals alone (OnlineCalibration) moves coverage, MSIS and the widths'
 * and lower bounds' hashes and leaves MAE, sMAPE and MASE to the bit. MSIS is scored at the settings' coverage in
 * evaluate and not at all (NaN) in the trainer's backtest.
 */
class EvaluationFiguresTest {
    private static final long T0 = 1_404_172_800_000L;
    private static final long HOUR = 3_600_000L;
    private static final int H = 4;
    private static final int M = 12;
    private static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(H)
            .window(ForecastSettings.defaultWindow(H, M)).season(M).build();
    private static final TrainerSettings TRAINER = TrainerSettings.defaults().withMaxTrainTime(Duration.ofSeconds(5));

    /**
     * Seasonal noisy series of different lengths; one with a duplicate timestamp at its last training point (no
     * forecast there), one with zeros and a gap, one too short for any protocol, one shorter than a season
     * before its holdout, one constant (zero MASE scale).
     */
    static List<SeriesHistory> series() {
        Random random = new Random(7);
        List<SeriesHistory> list = new ArrayList<>();
        list.add(seasonal("a", 100, random, 40, 10));
        SeriesHistory b = seasonal("b", 90, random, 120, 30);
        b.timestamps()[85] = b.timestamps()[84];
        list.add(b);
        SeriesHistory c = seasonal("c", 70, random, 3, 4);
        for (int t = 30; t < 36; t++) {
            c.values()[t] = 0;
        }
        for (int t = 50; t < c.size(); t++) {
            c.timestamps()[t] += 2 * HOUR;
        }
        list.add(c);
        list.add(seasonal("d", 5, random, 10, 1));
        list.add(seasonal("e", 14, random, 10, 1));
        float[] flat = new float[40];
        Arrays.fill(flat, 5f);
        list.add(new SeriesHistory("f", times(40), flat));
        return list;
    }

    private static SeriesHistory seasonal(String id, int n, Random random, double level, double amplitude) {
        float[] ys = new float[n];
        for (int t = 0; t < n; t++) {
            ys[t] = (float) (level + amplitude * StrictMath.sin(2 * StrictMath.PI * t / M)
                    + random.nextGaussian() * amplitude * 0.3);
        }
        return new SeriesHistory(id, times(n), ys);
    }

    private static long[] times(int n) {
        long[] ts = new long[n];
        for (int t = 0; t < n; t++) {
            ts[t] = T0 + t * HOUR;
        }
        return ts;
    }

    private static String figures(EvaluationReport r) {
        BaselineComparison.Result s = r.scores();
        return r.mode() + " " + r.series() + " series, " + r.forecasts() + " forecasts, " + r.modelVersions() + "\n"
                + "model " + s.model() + "\nnaive " + s.naive() + "\nseasonal naive " + s.seasonalNaive() + "\n"
                + s.modelPerSeries().stream().map(Object::toString).collect(Collectors.joining("\n"));
    }

    private static String figures(BaselineComparison.Result r) {
        return r.origins() + " origins\nmodel " + r.model() + "\nnaive " + r.naive() + "\nseasonal naive "
                + r.seasonalNaive() + "\n"
                + r.modelPerSeries().stream().map(Object::toString).collect(Collectors.joining("\n"));
    }

    /**
     * The plotted arrays, bit for bit through their hashes (Arrays.hashCode hashes a double's bits). The plot draws
     * the interval as a band, so the series keep both bounds: the fourth hash is the upper half-width (upper - mean,
     * 0 where no forecast was kept), the last one pins the lower bounds.
     */
    private static String plots(List<PlotSeries> plots) {
        return plots.stream().map(p -> p.seriesId() + " " + p.times().length + " points, hashes "
                + Arrays.hashCode(p.times()) + " " + Arrays.hashCode(p.actual()) + " " + Arrays.hashCode(p.mean()) + " "
                + Arrays.hashCode(width(p)) + ", lower " + Arrays.hashCode(p.lower()))
                .collect(Collectors.joining("\n"));
    }

    private static double[] width(PlotSeries p) {
        double[] width = new double[p.mean().length];
        for (int i = 0; i < width.length; i++) {
            width[i] = Double.isNaN(p.mean()[i]) ? 0 : p.upper()[i] - p.mean()[i];
        }
        return width;
    }

    @Test
    void holdoutFigures() throws Exception {
        Evaluation evaluation = new HoldoutEvaluation(SETTINGS, TRAINER, line -> {}, H, false);
        EvaluationReport report = evaluation.run(series(), 7, 1);
        assertThat(report.decisions()).singleElement().asString().startsWith("no model");
        assertThat(figures(report)).isEqualTo("""
                holdout 5 series, 5 forecasts, [baseline]
                model MetricSummary[mae=2.690330685675144, smape=23.892157903400815, mase=0.945342184869537, coverage=1.0, msis=5.365168693448967]
                naive MetricSummary[mae=7.670007826387883, smape=38.89593617414925, mase=3.0832442862562766, coverage=NaN, msis=NaN]
                seasonal naive MetricSummary[mae=3.171280087530613, smape=24.239114047146607, mase=1.0404727559008593, coverage=NaN, msis=NaN]
                PerSeries[seriesId=a, mae=1.3948602676391602, smape=2.989500790444042, mase=0.3537880309707501, coverage=1.0, msis=5.51996039964339]
                PerSeries[seriesId=b, mae=9.353357315063477, smape=6.5601511628173625, mase=1.1100422027879482, coverage=1.0, msis=5.5173985953074265]
                PerSeries[seriesId=c, mae=1.8632573559880257, smape=101.01970421892833, mase=1.3721963208499124, coverage=1.0, msis=5.058147085396086]
                PerSeries[seriesId=e, mae=0.8401784896850586, smape=8.891433344814343, mase=NaN, coverage=1.0, msis=NaN]
                PerSeries[seriesId=f, mae=0.0, smape=0.0, mase=NaN, coverage=1.0, msis=NaN]""");
        assertThat(plots(evaluation.plots())).isEqualTo("""
                a 20 points, hashes 38815553 1958317309 650971874 1528289141, lower 770215815
                b 20 points, hashes -163601694 -869753449 270643572 -1562500032, lower 1632369
                c 20 points, hashes 1168092673 512422708 327985764 -1069758845, lower -326422313""");
    }

    @Test
    void rollingFigures() throws Exception {
        Evaluation evaluation = new RollingEvaluation(SETTINGS, TRAINER, line -> {}, Integer.MAX_VALUE, null, false);
        EvaluationReport report = evaluation.run(series(), 7, 1);
        assertThat(report.decisions()).isEmpty();
        assertThat(figures(report)).isEqualTo("""
                rolling 6 series, 235 forecasts, [baseline]
                model MetricSummary[mae=3.497716538559878, smape=28.992536829989533, mase=1.059120761550246, coverage=0.9031107305936072, msis=6.122512163494356]
                naive MetricSummary[mae=8.204817520640223, smape=35.34709806260449, mase=2.297474371732747, coverage=NaN, msis=NaN]
                seasonal naive MetricSummary[mae=3.438492959937934, smape=26.435177847831696, mase=1.002422508019595, coverage=NaN, msis=NaN]
                PerSeries[seriesId=a, mae=3.9322988192240396, smape=10.132141594412781, mase=1.0275588377680835, coverage=0.8333333333333334, msis=6.725954017498121]
                PerSeries[seriesId=b, mae=8.430190517477794, smape=7.161331540853607, mase=0.9805969780340671, coverage=0.9041095890410958, msis=5.680275903677917]
                PerSeries[seriesId=c, mae=1.6283768175376787, smape=98.67667418469175, mase=1.1692064688485877, coverage=0.875, msis=5.961306569307029]
                PerSeries[seriesId=d, mae=NaN, smape=NaN, mase=NaN, coverage=NaN, msis=NaN]
                PerSeries[seriesId=e, mae=NaN, smape=NaN, mase=NaN, coverage=NaN, msis=NaN]
                PerSeries[seriesId=f, mae=0.0, smape=0.0, mase=NaN, coverage=1.0, msis=NaN]""");
        assertThat(plots(evaluation.plots())).isEqualTo("""
                a 100 points, hashes 1005515970 -1844835689 936120469 -1134482829, lower -864666459
                b 90 points, hashes 1988637666 -1170347436 -1553670550 -698942524, lower 2062759542
                c 70 points, hashes 1597460737 1547155482 987526378 -158201705, lower -208484110""");
    }

    @Test
    void backtestFigures() {
        assertThat(figures(Backtester.run(series(), SETTINGS, null, 20).scores())).isEqualTo("""
                79 origins
                model MetricSummary[mae=3.132109615540034, smape=25.218280790090233, mase=1.0144023270943252, coverage=0.937171052631579, msis=NaN]
                naive MetricSummary[mae=8.039554876863566, smape=36.41336014582382, mase=2.324816406597994, coverage=NaN, msis=NaN]
                seasonal naive MetricSummary[mae=2.9722059532607856, smape=18.313411538264067, mase=0.8591885048301667, coverage=NaN, msis=NaN]
                PerSeries[seriesId=a, mae=2.8509551525115966, smape=8.198191121459672, mase=0.6766303620548192, coverage=0.9375, msis=NaN]
                PerSeries[seriesId=b, mae=7.621768650255706, smape=6.329310127605702, mase=0.8700099120272631, coverage=0.9736842105263158, msis=NaN]
                PerSeries[seriesId=c, mae=2.0557146593928337, smape=86.34562191129555, mase=1.496566707200893, coverage=0.8375, msis=NaN]
                PerSeries[seriesId=f, mae=0.0, smape=0.0, mase=NaN, coverage=1.0, msis=NaN]""");
        // every origin from m on: rolling's figures, but MASE over the values up to the first origin
        assertThat(figures(Backtester.run(series(), SETTINGS, null, 1_000).scores())).isEqualTo("""
                235 origins
                model MetricSummary[mae=3.497716538559878, smape=28.992536829989533, mase=3.36990193691291, coverage=0.9031107305936072, msis=NaN]
                naive MetricSummary[mae=8.204817520640223, smape=35.34709806260449, mase=6.944620313180878, coverage=NaN, msis=NaN]
                seasonal naive MetricSummary[mae=3.438492959937934, smape=26.435177847831696, mase=3.3405468191688947, coverage=NaN, msis=NaN]
                PerSeries[seriesId=a, mae=3.9322988192240396, smape=10.132141594412781, mase=8.706689823613047, coverage=0.8333333333333334, msis=NaN]
                PerSeries[seriesId=b, mae=8.430190517477794, smape=7.161331540853607, mase=0.7976676488111811, coverage=0.9041095890410958, msis=NaN]
                PerSeries[seriesId=c, mae=1.6283768175376787, smape=98.67667418469175, mase=0.6053483383145009, coverage=0.875, msis=NaN]
                PerSeries[seriesId=f, mae=0.0, smape=0.0, mase=NaN, coverage=1.0, msis=NaN]""");
    }
}
