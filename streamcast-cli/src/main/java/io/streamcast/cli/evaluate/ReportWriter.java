package io.streamcast.cli.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamcast.core.accuracy.MetricSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The evaluate report as JSON (keys documented in docs/evaluate.md) and as a table. */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {}

    public static Map<String, Object> toJson(EvaluationReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", r.mode());
        root.put("horizon", r.horizon());
        root.put("season", r.season());
        root.put("series", r.series());
        root.put("forecasts", r.forecasts());
        root.put("model_versions", r.modelVersions());
        root.put("metrics", metrics(r.model(), r.naive(), r.seasonalNaive()));
        List<Map<String, Object>> perSeries = new ArrayList<>();
        for (MetricSummary.PerSeries s : r.perSeries()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("series", s.seriesId());
            one.put("mase", finite(s.mase()));
            one.put("smape", finite(s.smape()));
            one.put("coverage", finite(s.coverage()));
            perSeries.add(one);
        }
        root.put("per_series", perSeries);
        root.put("train_seconds", round(r.trainSeconds()));
        root.put("seconds", round(r.seconds()));
        root.put("rows", r.rows());
        root.put("bad_rows", r.badRows());
        root.put("decisions", r.decisions());
        return root;
    }

    public static void write(EvaluationReport r, Path file) throws IOException {
        writeJson(toJson(r), file);
    }

    /** Any report object (evaluate --config's groups of reports). */
    public static void writeJson(Map<String, Object> report, Path file) throws IOException {
        JSON.writeValue(file.toFile(), report);
    }

    /** The report's {@code metrics} object: model (with coverage), naive and seasonal naive. */
    public static Map<String, Object> metrics(MetricSummary model, MetricSummary naive, MetricSummary snaive) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("model", figures(model, true));
        metrics.put("naive", figures(naive, false));
        metrics.put("seasonal_naive", figures(snaive, false));
        return metrics;
    }

    private static Map<String, Object> figures(MetricSummary m, boolean withCoverage) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("mae", finite(m.mae()));
        f.put("smape", finite(m.smape()));
        f.put("mase", finite(m.mase()));
        if (withCoverage) {
            f.put("coverage", finite(m.coverage()));
        }
        return f;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    public static void printTable(EvaluationReport r, PrintStream out) {
        out.printf("%n%s backtest: %d series, H=%d, m=%d, %d forecasts scored, versions %s%n", r.mode(), r.series(),
                r.horizon(), r.season(), r.forecasts(), r.modelVersions());
        out.printf("%-16s %12s %10s %8s %9s%n", "forecaster", "MAE", "sMAPE", "MASE", "coverage");
        row(out, "model", r.model(), true);
        row(out, "naive", r.naive(), false);
        row(out, "seasonal naive", r.seasonalNaive(), false);
        out.printf("train %.1f s, total %.1f s; %d rows read, %d bad%n", r.trainSeconds(), r.seconds(), r.rows(),
                r.badRows());
    }

    private static void row(PrintStream out, String name, MetricSummary m, boolean coverage) {
        out.printf("%-16s %12.4f %10.3f %8.3f %9s%n", name, m.mae(), m.smape(), m.mase(),
                coverage ? String.format("%.3f", m.coverage()) : "-");
    }
}
