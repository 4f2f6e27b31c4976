package io.streamcast.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.core.domain.AccuracyReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON of the forecast-accuracy topic (docs/topics.md); non-finite figures are written as null. Thread-safe. */
public final class AccuracyReportCodec {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    public byte[] encode(AccuracyReport r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("series", r.seriesId());
            g.writeStringField("ts", Timestamps.format(r.timestampMillis()));
            g.writeStringField("model_version", r.modelVersion());
            g.writeNumberField("scored", r.scored());
            number(g, "mae", r.mae());
            number(g, "seasonal_naive_mae", r.seasonalNaiveMae());
            number(g, "mase", r.mase());
            number(g, "coverage", r.coverage());
            number(g, "nominal_coverage", r.nominalCoverage());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void number(JsonGenerator g, String field, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(field, v);
        } else {
            g.writeNullField(field);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not an accuracy report */
    public AccuracyReport decode(byte[] bytes) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("accuracy report is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("accuracy report is not a JSON object");
        }
        JsonNode scored = root.get("scored");
        if (scored == null || !scored.canConvertToLong()) {
            throw new IllegalArgumentException("field 'scored' is missing or not an integer");
        }
        return new AccuracyReport(ForecastCodec.requireText(root, "series"), ForecastCodec.time(root, "ts"),
                ForecastCodec.requireText(root, "model_version"), scored.asLong(),
                ForecastCodec.requireDouble(root, "mae"), ForecastCodec.requireDouble(root, "seasonal_naive_mae"),
                ForecastCodec.requireDouble(root, "mase"), ForecastCodec.requireDouble(root, "coverage"),
                ForecastCodec.requireDouble(root, "nominal_coverage"));
    }
}
