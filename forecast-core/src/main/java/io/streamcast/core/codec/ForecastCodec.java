package io.streamcast.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * JSON of the forecasts topic (schema in docs/topics.md): the step once, the means and the interval half-widths as
 * two arrays. Point {@code k} targets {@code origin + k × step_ms}, its interval is {@code [mean - half_width,
 * mean + half_width]} in float arithmetic, its lower bound raised to {@code lower_floor} (0, a positive key's)
 * when that field is present and the mean is above it. Encoding is {@link CompactForecastWriter}'s, by hand, as it
 * runs once per input record; decoding is for consumers, tools and tests and uses Jackson. Thread-safe.
 *
 * <p>Point values are 32-bit floats (the precision of the key's state; {@code SeriesForecaster} rounds them), so
 * they are written as a short decimal that reads back as the same float ({@code 10844.5}, not 17 digits of double
 * noise). Decoding reads the numbers back to exactly those floats. The bounds are {@code mean ∓ half_width} in
 * float arithmetic ({@link ForecastPoint#symmetric}), which is how the forecaster makes them, so its forecasts
 * read back exactly; a hand-made point whose bounds are not symmetric in that sense reads back with the smallest
 * symmetric interval that contains its own (an ulp or so wider). One asymmetry is the forecaster's own: a positive
 * key's lower bounds stop at 0 ({@link ForecastPoint#floored}). The format then carries {@code "lower_floor":0},
 * and the floored points read back exactly too.
 */
public final class ForecastCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS); // the decimal as written, rounded once

    /**
     * The forecast's JSON.
     *
     * @throws IllegalArgumentException for a forecast the format cannot express: points not numbered 1..H at
     *                                  {@code origin + k × step} for one step of at least 1 ms, a non-finite value,
     *                                  or an interval wider than a float half-width spans
     */
    public byte[] encode(Forecast f) {
        return CompactForecastWriter.encode(f);
    }

    /** @throws IllegalArgumentException when the bytes are not a forecast, saying what is wrong */
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
        if (!root.has("mean")) {
            throw new IllegalArgumentException("forecast has no 'mean' array (docs/topics.md)");
        }
        return decodeCompact(root);
    }

    private static Forecast decodeCompact(JsonNode root) {
        String series = requireText(root, "series");
        long origin = time(root, "origin");
        String version = requireText(root, "model_version");
        JsonNode stepNode = root.get("step_ms");
        if (stepNode == null || !stepNode.canConvertToLong() || !stepNode.isIntegralNumber()
                || stepNode.asLong() < 1) {
            throw new IllegalArgumentException("compact forecast: 'step_ms' is missing or not an integer >= 1");
        }
        long step = stepNode.asLong();
        JsonNode means = root.get("mean");
        JsonNode widths = root.get("half_width");
        if (!means.isArray() || means.isEmpty()) {
            throw new IllegalArgumentException("compact forecast: 'mean' is not an array of at least one number");
        }
        if (widths == null || !widths.isArray() || widths.size() != means.size()) {
            throw new IllegalArgumentException("compact forecast: 'half_width' must be an array of as many numbers as "
                    + "'mean' (" + means.size() + ")" + (widths != null && widths.isArray() ? ", not "
                    + widths.size() : ""));
        }
        float floor = Float.NaN;
        JsonNode floorNode = root.get("lower_floor");
        if (floorNode != null && !floorNode.isNull()) {
            floor = floatValue(floorNode, "lower_floor");
        }
        List<ForecastPoint> list = new ArrayList<>(means.size());
        for (int k = 1; k <= means.size(); k++) {
            float mean = floatAt(means, k, "mean");
            float halfWidth = floatAt(widths, k, "half_width");
            if (!(halfWidth >= 0)) {
                throw new IllegalArgumentException("compact forecast: half_width " + k + " is negative: " + halfWidth);
            }
            long target;
            try {
                target = Math.addExact(origin, Math.multiplyExact(k, step));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("compact forecast: point " + k + "'s time is out of range");
            }
            list.add(ForecastPoint.floored(k, target, mean, halfWidth, floor));
        }
        return new Forecast(series, origin, version, list);
    }

    /** Element {@code k} (1-based) of a compact array, as the float nearest its decimal; finite. */
    private static float floatAt(JsonNode array, int k, String field) {
        return floatValue(array.get(k - 1), field + " " + k);
    }

    /** A compact forecast's number, as the float nearest its decimal; finite. */
    private static float floatValue(JsonNode v, String what) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException("compact forecast: " + what + " is not a number: " + v);
        }
        float f = Float.parseFloat(v.isBigDecimal() ? v.decimalValue().toString() : v.asText());
        if (!Float.isFinite(f)) {
            throw new IllegalArgumentException("compact forecast: " + what + " is outside the float range: " + v);
        }
        return f;
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
}
