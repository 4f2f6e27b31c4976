package io.streamcast.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * JSON of the forecasts topic (schema in docs/topics.md). Encoding runs once per input record and was the
 * largest single cost of the forecasting topology (docs/benchmarks.md), so it writes the bytes itself: fixed
 * parts copied, timestamps by {@link Timestamps#writeIso}, numbers by {@link FloatText}. Decoding is for
 * consumers, tools and tests and uses Jackson. Thread-safe.
 *
 * <p>Point values are 32-bit floats (the precision of the key's state; {@code SeriesForecaster} rounds them), so
 * they are written as a short decimal that reads back as the same float ({@code 10844.5}, not 17 digits of double
 * noise). Decoding reads the numbers back to exactly those floats.
 */
public final class ForecastCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS); // the decimal as written, rounded once

    public byte[] encode(Forecast f) {
        JsonBytes out = new JsonBytes(160 + 4 * (f.seriesId().length() + f.modelVersion().length())
                + POINT_MAX_BYTES * f.points().size());
        out.raw(SERIES).string(f.seriesId()).raw(ORIGIN).time(f.originMillis()).raw(MODEL_VERSION)
                .string(f.modelVersion()).raw(POINTS);
        boolean first = true;
        for (ForecastPoint p : f.points()) {
            out.raw(first ? STEP : NEXT_STEP).integer(p.step()).raw(TS).time(p.targetMillis())
                    .raw(MEAN).number((float) p.mean()).raw(LOWER).number((float) p.lower())
                    .raw(UPPER).number((float) p.upper()).raw(END_POINT);
            first = false;
        }
        return out.raw(END).toByteArray();
    }

    // The document's fixed parts, as ASCII. Field order is the schema's (docs/topics.md).
    private static final byte[] SERIES = ascii("{\"series\":");
    private static final byte[] ORIGIN = ascii(",\"origin\":");
    private static final byte[] MODEL_VERSION = ascii(",\"model_version\":");
    private static final byte[] POINTS = ascii(",\"points\":[");
    private static final byte[] STEP = ascii("{\"step\":");
    private static final byte[] NEXT_STEP = ascii(",{\"step\":");
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] MEAN = ascii(",\"mean\":");
    private static final byte[] LOWER = ascii(",\"lower\":");
    private static final byte[] UPPER = ascii(",\"upper\":");
    private static final byte[] END_POINT = ascii("}");
    private static final byte[] END = ascii("]}");
    /** A point at most: fixed parts, a 10-digit step, a quoted timestamp and three floats, with room to spare. */
    private static final int POINT_MAX_BYTES = 160;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A growable byte buffer that writes the JSON pieces a forecast is made of. Why not Jackson's generator: it
     * was 20 of the 50 µs one forecast's encoding cost (checking every char for escapes, field names as
     * Strings); here the fixed parts are copied as bytes and only the two strings are checked.
     */
    private static final class JsonBytes {
        private byte[] buf;
        private int pos;

        JsonBytes(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        JsonBytes raw(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
            return this;
        }

        /** A quoted JSON string: as is when it is printable ASCII without quotes or backslashes, else escaped. */
        JsonBytes string(String s) {
            int n = s.length();
            ensure(n + 2);
            buf[pos] = '"';
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                    byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(s);
                    ensure(quoted.length + 2);
                    System.arraycopy(quoted, 0, buf, pos + 1, quoted.length);
                    pos += quoted.length + 1;
                    buf[pos++] = '"';
                    return this;
                }
                buf[pos + 1 + i] = (byte) c;
            }
            pos += n + 1;
            buf[pos++] = '"';
            return this;
        }

        JsonBytes time(long millis) {
            if (!Timestamps.isPlausible(millis)) {
                return string(Timestamps.format(millis));
            }
            ensure(Timestamps.ISO_MAX_CHARS + 2);
            buf[pos] = '"';
            pos = Timestamps.writeIso(millis, buf, pos + 1);
            buf[pos++] = '"';
            return this;
        }

        JsonBytes integer(int value) {
            ensure(11);
            String s = Integer.toString(value); // steps are small; not worth a hand-written writer
            for (int i = 0; i < s.length(); i++) {
                buf[pos++] = (byte) s.charAt(i);
            }
            return this;
        }

        JsonBytes number(float value) {
            ensure(FloatText.MAX_CHARS);
            pos = FloatText.write(value, buf, pos);
            return this;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }
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
