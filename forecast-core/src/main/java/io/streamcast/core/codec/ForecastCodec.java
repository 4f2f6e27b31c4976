package io.streamcast.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * JSON of the forecasts topic (schema in docs/topics.md). Encoding runs once per input record, so it writes
 * with the streaming generator; decoding is for consumers, tools and tests. Thread-safe.
 *
 * <p>Point values are 32-bit floats (the precision of the key's state; {@code SeriesForecaster} rounds them), so
 * they are written as a short decimal that reads back as the same float ({@code 10844.5}, not 17 digits of double
 * noise) by {@link FloatText}, and timestamps by {@link Timestamps#writeIso}, both straight into the generator:
 * formatting was the largest single cost of the forecasting topology (JFR, docs/benchmarks.md). Decoding reads
 * the numbers back to exactly those floats.
 */
public final class ForecastCodec {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS); // the decimal as written, rounded once

    public byte[] encode(Forecast f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 110 * f.points().size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("series", f.seriesId());
            g.writeStringField("origin", Timestamps.format(f.originMillis()));
            g.writeStringField("model_version", f.modelVersion());
            g.writeArrayFieldStart("points");
            char[] text = new char[Math.max(FloatText.MAX_CHARS, Timestamps.ISO_MAX_CHARS)];
            for (ForecastPoint p : f.points()) {
                g.writeStartObject();
                g.writeNumberField("step", p.step());
                g.writeFieldName("ts");
                if (Timestamps.isPlausible(p.targetMillis())) {
                    g.writeString(text, 0, Timestamps.writeIso(p.targetMillis(), text, 0));
                } else {
                    g.writeString(Timestamps.format(p.targetMillis()));
                }
                number(g, "mean", p.mean(), text);
                number(g, "lower", p.lower(), text);
                number(g, "upper", p.upper(), text);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void number(JsonGenerator g, String field, double value, char[] text) throws IOException {
        g.writeFieldName(field);
        g.writeNumber(text, 0, FloatText.write((float) value, text, 0));
    }

    /** @throws IllegalArgumentException when the bytes are not a forecast */
    public Forecast decode(byte[] bytes) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("forecast is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("forecast is not a JSON object");
        }
        JsonNode points = root.get("points");
        if (points == null || !points.isArray()) {
            throw new IllegalArgumentException("forecast has no 'points' array");
        }
        List<ForecastPoint> list = new ArrayList<>(points.size());
        for (JsonNode p : points) {
            list.add(new ForecastPoint(requireInt(p, "step"), time(p, "ts"), requireFloat(p, "mean"),
                    requireFloat(p, "lower"), requireFloat(p, "upper")));
        }
        return new Forecast(requireText(root, "series"), time(root, "origin"), requireText(root, "model_version"),
                list);
    }

    static String requireText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    static long time(JsonNode node, String field) {
        OptionalLong t = Timestamps.parse(requireText(node, field));
        if (t.isEmpty()) {
            throw new IllegalArgumentException("field '" + field + "' is not a timestamp: " + node.get(field));
        }
        return t.getAsLong();
    }

    static double requireDouble(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' is not a number");
        }
        return v.asDouble();
    }

    /** A number read as the float nearest its decimal (one rounding: decimal to float, not via a double). */
    private static float requireFloat(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a number");
        }
        return Float.parseFloat(v.isBigDecimal() ? v.decimalValue().toString() : v.asText());
    }

    private static int requireInt(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not an integer");
        }
        return v.asInt();
    }
}
