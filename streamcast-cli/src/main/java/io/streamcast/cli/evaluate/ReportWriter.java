package io.streamcast.cli.evaluate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.accuracy.MetricSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The evaluate report written as JSON ({@link ReportDocument}, keys documented in docs/evaluate.md) and printed as
 * a table; the JSON writer of the demo's report too.
 */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule("finite-or-null")
                    .addSerializer(Double.class, new FiniteOrNull())
                    .addSerializer(Double.TYPE, new FiniteOrNull()));

    private ReportWriter() {}

    public static void write(EvaluationReport r, Path file) throws IOException {
        writeJson(ReportDocument.of(r), file);
    }

    /** Any report document (evaluate --config's groups of reports, the demo's report), indented. */
    public static void writeJson(Object report, Path file) throws IOException {
        JSON.writeValue(file.toFile(), report);
    }

    /** JSON has no NaN nor infinity: a figure that is not finite (nothing scored, a zero scale) is null. */
    private static final class FiniteOrNull extends StdSerializer<Double> {
        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeNull();
            }
        }
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
