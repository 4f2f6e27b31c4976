package io.streamcast.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.cli.StreamcastCli;
import io.streamcast.core.accuracy.AccuracyMetrics;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.training.TrainerSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The report fields for comparing with the literature (MSIS, per_step, the baselines per series, --score-from,
 * Naive2 and OWA) through the real CLI, on series short enough that no training round runs (the baseline
 * forecaster serves): the shape of the report, and the baselines' figures recomputed here from the values alone.
 */
class EvaluateReportTest {
    private static final int H = 6;
    private static final int M = 24;
    private static final int POINTS = 300;
    private static final int SCORE_FROM = 200;

    @TempDir
    Path dir;

    private record Run(int exit, String err) {}

    private Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = StreamcastCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, err.toString());
    }

    /** Two positive daily-seasonal hourly series (multiplicative, so Naive2 finds the season), as floats. */
    private static double[][] values() {
        double[][] x = new double[2][POINTS];
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < POINTS; i++) {
                // as floats: the values evaluate reads (SeriesHistory keeps floats)
                x[k][i] = (float) ((100 + 20 * k + 0.1 * i) * (1 + 0.3 * Math.sin(2 * Math.PI * i / M))
                        + 3 * Math.sin(i * 1.7 + k));
            }
        }
        return x;
    }

    private Path csv() throws Exception {
        double[][] x = values();
        StringBuilder b = new StringBuilder("series,timestamp,value\n");
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        for (int k = 0; k < x.length; k++) {
            for (int i = 0; i < POINTS; i++) {
                b.append("s").append(k).append(',').append(start.plus(i, ChronoUnit.HOURS)).append(',')
                        .append(x[k][i]).append('\n');
            }
        }
        return Files.writeString(dir.resolve("hourly.csv"), b.toString());
    }

    /**
     * A baseline's MASE and sMAPE of one series as rolling mode with --score-from scores it, from the values
     * alone: origins o from m to n-H-1, the steps j whose target o + j is at SCORE_FROM or later, each scored
     * point weighing the same; MASE over the whole series' seasonal-naive MAE.
     */
    private static double[] baseline(double[] x, boolean seasonal) {
        double abs = 0;
        double smape = 0;
        int points = 0;
        for (int o = M; o + H < x.length; o++) {
            for (int j = 1; j <= H; j++) {
                if (o + j < SCORE_FROM) {
                    continue;
                }
                double f = seasonal ? x[o + j - M * ((j - 1) / M + 1)] : x[o];
                double y = x[o + j];
                abs += Math.abs(y - f);
                smape += 200 * Math.abs(y - f) / (Math.abs(y) + Math.abs(f));
                points++;
            }
        }
        return new double[] {abs / points / AccuracyMetrics.seasonalNaiveScale(x, M), smape / points};
    }

    @Test
    void rollingWithScoreFromAndOwaReportsEveryFieldOnTheSameTargets() throws Exception {
        Path report = dir.resolve("report.json");
        Run run = run("evaluate", "--data", csv().toString(), "--horizon", String.valueOf(H), "--season",
                String.valueOf(M), "--coverage", "0.95", "--score-from", String.valueOf(SCORE_FROM), "--owa",
                "--retrain-every", "1000000", "--report", report.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());

        assertThat(r.get("score_from").asInt()).isEqualTo(SCORE_FROM);
        assertThat(r.get("nominal_coverage").asDouble()).isEqualTo(0.95);
        // origins o with o + H >= 200 and o + H <= 299: o = 194..293, 100 per series
        assertThat(r.get("forecasts").asLong()).isEqualTo(200);

        JsonNode metrics = r.get("metrics");
        assertThat(metrics.get("model").get("msis").isNumber()).isTrue();
        assertThat(metrics.get("model").get("msis").asDouble()).isPositive();
        JsonNode naive2 = metrics.get("naive2");
        assertThat(naive2.get("owa").asDouble()).isEqualTo(1.0);
        for (String name : List.of("model", "naive", "seasonal_naive")) {
            JsonNode m = metrics.get(name);
            assertThat(m.get("owa").asDouble()).as(name).isCloseTo((m.get("smape").asDouble()
                    / naive2.get("smape").asDouble() + m.get("mase").asDouble() / naive2.get("mase").asDouble()) / 2,
                    within(1e-12));
        }
        assertThat(metrics.get("naive").has("msis")).isFalse();

        double[][] x = values();
        JsonNode perSeries = r.get("per_series");
        assertThat(perSeries).hasSize(2);
        for (int k = 0; k < 2; k++) {
            JsonNode s = perSeries.get(k);
            assertThat(s.get("series").asText()).isEqualTo("s" + k);
            List<String> keys = new ArrayList<>();
            s.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("series", "mase", "smape", "coverage", "msis", "naive_mase",
                    "seasonal_naive_mase", "naive_smape", "seasonal_naive_smape", "naive2_mase", "naive2_smape");
            double[] naive = baseline(x[k], false);
            double[] seasonal = baseline(x[k], true);
            assertThat(s.get("naive_mase").asDouble()).isCloseTo(naive[0], within(1e-9));
            assertThat(s.get("naive_smape").asDouble()).isCloseTo(naive[1], within(1e-9));
            assertThat(s.get("seasonal_naive_mase").asDouble()).isCloseTo(seasonal[0], within(1e-9));
            assertThat(s.get("seasonal_naive_smape").asDouble()).isCloseTo(seasonal[1], within(1e-9));
            // Naive2 deseasonalises: on this series it beats naive, which misses the daily swing
            assertThat(s.get("naive2_mase").asDouble()).isLessThan(s.get("naive_mase").asDouble());
        }

        JsonNode perStep = r.get("per_step");
        assertThat(perStep).hasSize(H);
        for (int j = 1; j <= H; j++) {
            JsonNode step = perStep.get(j - 1);
            List<String> keys = new ArrayList<>();
            step.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("step", "points", "mae", "rmse", "nrmse", "coverage");
            assertThat(step.get("step").asInt()).isEqualTo(j);
            // targets o + j from 200 to 299 with o <= 293: o from 200 - j to 293, in each of 2 series
            assertThat(step.get("points").asInt()).isEqualTo(2 * (293 - (SCORE_FROM - j) + 1));
            assertThat(step.get("rmse").asDouble()).isGreaterThanOrEqualTo(step.get("mae").asDouble());
            assertThat(step.get("coverage").asDouble()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void withoutOwaThereIsNoNaive2AndWithoutScoreFromEveryOriginFromMOnIsScored() throws Exception {
        Path report = dir.resolve("report.json");
        Run run = run("evaluate", "--data", csv().toString(), "--horizon", String.valueOf(H), "--season",
                String.valueOf(M), "--retrain-every", "1000000", "--report", report.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("score_from").isNull()).isTrue();
        assertThat(r.get("forecasts").asLong()).isEqualTo(2 * (POINTS - H - M));
        assertThat(r.get("metrics").has("naive2")).isFalse();
        assertThat(r.get("metrics").get("model").has("owa")).isFalse();
        assertThat(r.get("per_series").get(0).has("naive2_mase")).isFalse();
        assertThat(r.get("per_step").get(0).get("points").asInt()).isEqualTo(2 * (POINTS - H - M));
    }

    @Test
    void scoreFromMustBeARowIndexAndIsForRollingModeOnly() throws Exception {
        Path data = csv();
        Run negative = run("evaluate", "--data", data.toString(), "--horizon", "6", "--season", "24",
                "--score-from", "-1");
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err()).contains("--score-from must be a row index >= 0, got -1");

        Run holdout = run("evaluate", "--data", data.toString(), "--horizon", "6", "--season", "24",
                "--holdout", "--score-from", "100");
        assertThat(holdout.exit()).isEqualTo(2);
        assertThat(holdout.err()).contains("--score-from applies to rolling mode only");
    }

    @Test
    void theTableNamesTheFirstScoredRowAndPrintsOwaWhenAsked() throws Exception {
        double[][] x = values();
        List<SeriesHistory> series = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            long[] ts = new long[POINTS];
            float[] vs = new float[POINTS];
            for (int i = 0; i < POINTS; i++) {
                ts[i] = i * 3_600_000L;
                vs[i] = (float) x[k][i];
            }
            series.add(new SeriesHistory("s" + k, ts, vs));
        }
        ForecastSettings settings = ForecastSettings.builder().horizon(H).window(ForecastSettings.defaultWindow(H, M))
                .season(M).build();
        TrainerSettings trainer = TrainerSettings.defaults().withMaxTrainTime(Duration.ofSeconds(1));
        EvaluationReport owa = new RollingEvaluation(settings, trainer, line -> {}, Integer.MAX_VALUE, SCORE_FROM,
                true).run(series, 600, 0);
        String table = table(owa);
        assertThat(table).contains("rolling backtest: 2 series, H=6, m=24, scored from row 200, 200 forecasts scored");
        assertThat(table).containsPattern("forecaster +MAE +sMAPE +MASE +coverage +MSIS +OWA\n");
        assertThat(table).containsPattern("\nnaive2 .* 1\\.000\n");

        EvaluationReport plain = new RollingEvaluation(settings, trainer, line -> {}, Integer.MAX_VALUE, null,
                false).run(series, 600, 0);
        assertThat(table(plain)).contains("H=6, m=24, 540 forecasts scored").doesNotContain("OWA")
                .doesNotContain("naive2");
    }

    private static String table(EvaluationReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportWriter.printTable(report, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
