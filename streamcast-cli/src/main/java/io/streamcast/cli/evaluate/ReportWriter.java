package io.streamcast.cli.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.accuracy.MetricSummary;
import io.streamcast.core.accuracy.StepErrors;
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
        BaselineComparison.Result scores = r.scores();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", r.mode());
        root.put("horizon", r.horizon());
        root.put("season", r.season());
        root.put("nominal_coverage", r.coverage());
        root.put("score_from", r.scoreFrom());
        root.put("series", r.series());
        root.put("forecasts", r.forecasts());
        root.put("model_versions", r.modelVersions());
        root.put("metrics", metrics(scores));
        root.put("per_series", perSeries(scores));
        root.put("per_step", perStep(scores.modelPerStep()));
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

    /** The demo report's {@code metrics} object: model (with coverage), naive and seasonal naive. */
    public static Map<String, Object> metrics(MetricSummary model, MetricSummary naive, MetricSummary snaive) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("model", figures(model, true, false, null));
        metrics.put("naive", figures(naive, false, false, null));
        metrics.put("seasonal_naive", figures(snaive, false, false, null));
        return metrics;
    }

    /**
     * The evaluate report's {@code metrics} object: model (with coverage and MSIS), naive and seasonal naive; with Naive2
     * scored, {@code naive2} too and every forecaster's OWA against it.
     */
    static Map<String, Object> metrics(BaselineComparison.Result scores) {
        MetricSummary naive2 = scores.naive2();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("model", figures(scores.model(), true, true, naive2));
        metrics.put("naive", figures(scores.naive(), false, false, naive2));
        metrics.put("seasonal_naive", figures(scores.seasonalNaive(), false, false, naive2));
        if (naive2 != null) {
            metrics.put("naive2", figures(naive2, false, false, naive2));
        }
        return metrics;
    }

    /** One forecaster's figures; OWA against {@code naive2} unless that is null. */
    private static Map<String, Object> figures(MetricSummary m, boolean coverage, boolean msis, MetricSummary naive2) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("mae", finite(m.mae()));
        f.put("smape", finite(m.smape()));
        f.put("mase", finite(m.mase()));
        if (coverage) {
            f.put("coverage", finite(m.coverage()));
        }
        if (msis) {
            f.put("msis", finite(m.msis()));
        }
        if (naive2 != null) {
            f.put("owa", finite(m.owa(naive2)));
        }
        return f;
    }

    /** Per series: the model's figures next to the baselines' on the same targets. */
    private static List<Map<String, Object>> perSeries(BaselineComparison.Result scores) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < scores.modelPerSeries().size(); i++) {
            MetricSummary.PerSeries model = scores.modelPerSeries().get(i);
            MetricSummary.PerSeries naive = scores.naivePerSeries().get(i);
            MetricSummary.PerSeries seasonal = scores.seasonalNaivePerSeries().get(i);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("series", model.seriesId());
            one.put("mase", finite(model.mase()));
            one.put("smape", finite(model.smape()));
            one.put("coverage", finite(model.coverage()));
            one.put("msis", finite(model.msis()));
            one.put("naive_mase", finite(naive.mase()));
            one.put("seasonal_naive_mase", finite(seasonal.mase()));
            one.put("naive_smape", finite(naive.smape()));
            one.put("seasonal_naive_smape", finite(seasonal.smape()));
            if (scores.naive2() != null) {
                MetricSummary.PerSeries naive2 = scores.naive2PerSeries().get(i);
                one.put("naive2_mase", finite(naive2.mase()));
                one.put("naive2_smape", finite(naive2.smape()));
            }
            list.add(one);
        }
        return list;
    }

    private static List<Map<String, Object>> perStep(List<StepErrors.Step> steps) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (StepErrors.Step s : steps) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("step", s.step());
            one.put("points", s.points());
            one.put("mae", finite(s.mae()));
            one.put("rmse", finite(s.rmse()));
            one.put("nrmse", finite(s.nrmse()));
            one.put("coverage", finite(s.coverage()));
            list.add(one);
        }
        return list;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    public static void printTable(EvaluationReport r, PrintStream out) {
        BaselineComparison.Result scores = r.scores();
        MetricSummary naive2 = scores.naive2();
        out.printf("%n%s backtest: %d series, H=%d, m=%d, %s%d forecasts scored, versions %s%n", r.mode(),
                r.series(), r.horizon(), r.season(),
                r.scoreFrom() == null ? "" : "scored from row " + r.scoreFrom() + ", ", r.forecasts(),
                r.modelVersions());
        out.printf("%-16s %12s %10s %8s %9s %9s%s%n", "forecaster", "MAE", "sMAPE", "MASE", "coverage",
                "MSIS", naive2 == null ? "" : String.format(" %7s", "OWA"));
        row(out, "model", scores.model(), true, naive2);
        row(out, "naive", scores.naive(), false, naive2);
        row(out, "seasonal naive", scores.seasonalNaive(), false, naive2);
        if (naive2 != null) {
            row(out, "naive2", naive2, false, naive2);
        }
        out.printf("train %.1f s, total %.1f s; %d rows read, %d bad%n", r.trainSeconds(), r.seconds(), r.rows(),
                r.badRows());
    }

    private static void row(PrintStream out, String name, MetricSummary m, boolean intervals, MetricSummary naive2) {
        out.printf("%-16s %12.4f %10.3f %8.3f %9s %9s%s%n", name, m.mae(), m.smape(), m.mase(),
                intervals ? String.format("%.3f", m.coverage()) : "-",
                intervals ? String.format("%.3f", m.msis()) : "-",
                naive2 == null ? "" : String.format(" %7.3f", m.owa(naive2)));
    }
}
