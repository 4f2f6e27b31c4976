package io.streamcast.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.accuracy.MetricSummary;
import io.streamcast.core.accuracy.StepErrors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate report file, byte for byte: an outside tool reads its keys, their order, nesting and value types
 * (docs/evaluate.md), so a representative report is pinned against the files under {@code golden/}.
 */
class ReportWriterTest {
    @TempDir
    Path dir;

    private static final MetricSummary MODEL = new MetricSummary(1.5, 12.25, 0.875, 0.9, 4.5);
    private static final MetricSummary NAIVE = new MetricSummary(2.0, 14.0, 1.25, Double.NaN, Double.NaN);
    private static final MetricSummary SNAIVE = new MetricSummary(1.75, 13.5, 1.0, Double.NaN, Double.NaN);
    private static final MetricSummary NAIVE2 = new MetricSummary(1.875, 13.75, 1.125, Double.NaN, Double.NaN);

    private static List<MetricSummary.PerSeries> perSeries(MetricSummary a, MetricSummary b) {
        return List.of(new MetricSummary.PerSeries("s1", a.mae(), a.smape(), a.mase(), a.coverage(), a.msis()),
                new MetricSummary.PerSeries("s2", b.mae(), b.smape(), Double.POSITIVE_INFINITY, b.coverage(),
                        b.msis()));
    }

    static EvaluationReport report(boolean naive2) {
        BaselineComparison.Result scores = new BaselineComparison.Result(MODEL, NAIVE, SNAIVE,
                perSeries(MODEL, MODEL), perSeries(NAIVE, NAIVE), perSeries(SNAIVE, SNAIVE), naive2 ? NAIVE2 : null,
                naive2 ? perSeries(NAIVE2, NAIVE2) : List.of(),
                List.of(new StepErrors.Step(1, 20, 1.25, 1.5, 0.125, 0.95),
                        new StepErrors.Step(2, 20, 1.75, 2.25, Double.NaN, 0.85)), 40);
        return new EvaluationReport(naive2 ? "holdout" : "rolling", 2, 12, 0.9, naive2 ? null : 24, 2,
                List.of("baseline", "v1"), scores, 1.23456, 7.0004, 300, 3,
                naive2 ? List.of() : List.of("no model: not enough history"));
    }

    static void assertGolden(Path written, String golden) throws Exception {
        String actual = Files.readString(written, StandardCharsets.UTF_8);
        String expected;
        try (var in = ReportWriterTest.class.getResourceAsStream("/golden/" + golden)) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual).as(golden).isEqualTo(expected);
    }

    @Test
    void aRollingReportHasEveryKeyInItsPlace() throws Exception {
        Path file = dir.resolve("r.json");
        ReportWriter.write(report(false), file);
        assertGolden(file, "evaluate-rolling.json");
    }

    @Test
    void withNaive2EveryForecasterHasItsOwaAndEverySeriesItsNaive2Figures() throws Exception {
        Path file = dir.resolve("h.json");
        ReportWriter.write(report(true), file);
        assertGolden(file, "evaluate-holdout-owa.json");
    }
}
