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
 * JSON of the forecasts topic (schemas in docs/topics.md), in either {@link ForecastFormat}: compact (the default:
 * the step once, the means and the interval half-widths as two arrays) or points (the legacy format, one object
 * per point). {@link #decode} reads both, told apart by shape. Encoding runs once
 * per input record and was the largest single cost of the forecasting topology (docs/benchmarks.md), so it writes
 * the bytes itself: fixed parts copied, timestamps by {@link Timestamps#writeIso}, numbers by {@link FloatText}.
 * Decoding is for consumers, tools and tests and uses Jackson. Thread-safe.
 *
 * <p>Point values are 32-bit floats (the precision of the key's state; {@code SeriesForecaster} rounds them), so
 * they are written as a short decimal that reads back as the same float ({@code 10844.5}, not 17 digits of double
 * noise). Decoding reads the numbers back to exactly those floats. In the compact format the bounds are
 * {@code mean ∓ half_width} in float arithmetic ({@link ForecastPoint#symmetric}), which is how the forecaster
 * makes them, so its forecasts read back exactly; a hand-made point whose bounds are not symmetric in that sense
 * reads back with the smallest symmetric interval that contains its own (an ulp or so wider). One asymmetry is
 * the forecaster's own: a positive key's lower bounds stop at 0 ({@link ForecastPoint#floored}). The compact
 * format then carries {@code "lower_floor":0}, and the floored points read back exactly too.
 */
public final class ForecastCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS); // the decimal as written, rounded once

    private final ForecastFormat format;

    /** Writes the compact format. */
    public ForecastCodec() {
        this(ForecastFormat.COMPACT);
    }

    public ForecastCodec(ForecastFormat format) {
        this.format = java.util.Objects.requireNonNull(format, "format");
    }

    public ForecastFormat format() {
        return format;
    }

    /**
     * The forecast's JSON in this codec's format.
     *
     * @throws IllegalArgumentException in the compact format, for a forecast it cannot express: points not
     *                                  numbered 1..H at {@code origin + k × step} for one step of at least 1 ms, a
     *                                  non-finite value, or an interval wider than a float half-width spans
     */
    public byte[] encode(Forecast f) {
        return format == ForecastFormat.COMPACT ? encodeCompact(f) : encodePoints(f);
    }

    private static byte[] encodePoints(Forecast f) {
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

    private static byte[] encodeCompact(Forecast f) {
        List<ForecastPoint> points = f.points();
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a forecast needs at least one point");
        }
        long step = points.get(0).targetMillis() - f.originMillis();
        if (step < 1) {
            throw new IllegalArgumentException("the compact format needs a step of at least 1 ms: " + step);
        }
        JsonBytes out = new JsonBytes(160 + 4 * (f.seriesId().length() + f.modelVersion().length())
                + 2 * (FloatText.MAX_CHARS + 1) * points.size());
        out.raw(SERIES).string(f.seriesId()).raw(ORIGIN).time(f.originMillis()).raw(MODEL_VERSION)
                .string(f.modelVersion()).raw(STEP_MS).integer(step).raw(MEANS);
        for (int k = 1; k <= points.size(); k++) {
            ForecastPoint p = points.get(k - 1);
            if (p.step() != k || p.targetMillis() != f.originMillis() + k * step) {
                throw new IllegalArgumentException("the compact format needs points 1..H at origin + k × step; point "
                        + k + " is step " + p.step() + " at " + p.targetMillis());
            }
            float mean = (float) p.mean();
            if (!Float.isFinite(mean)) {
                throw new IllegalArgumentException("point " + k + "'s mean is not finite: " + p.mean());
            }
            out.separator(k).number(mean);
        }
        float floor = lowerFloor(points);
        out.raw(HALF_WIDTHS);
        for (int k = 1; k <= points.size(); k++) {
            ForecastPoint p = points.get(k - 1);
            out.separator(k).number(halfWidth((float) p.mean(), (float) p.lower(), (float) p.upper(), floor, k));
        }
        if (!Float.isNaN(floor)) {
            return out.raw(LOWER_FLOOR).number(floor).raw(END_POINT).toByteArray();
        }
        return out.raw(END).toByteArray();
    }

    /**
     * 0 when the points' lower bounds stop at 0 ({@link ForecastPoint#floored}): some point's lower bound is 0 and
     * closer to its mean than its upper bound, and no point with a mean of at least 0 goes below 0. Else NaN: no
     * floor, every point symmetric.
     */
    static float lowerFloor(List<ForecastPoint> points) {
        boolean floored = false;
        for (ForecastPoint p : points) {
            float mean = (float) p.mean();
            float lower = (float) p.lower();
            if (mean >= 0 && lower < 0) {
                return Float.NaN;
            }
            floored |= lower == 0 && mean > 0 && (double) (float) p.upper() - mean > (double) mean - lower;
        }
        return floored ? 0f : Float.NaN;
    }

    /**
     * The float half-width {@code h} with {@code mean ∓ h} (float arithmetic, {@link ForecastPoint#floored} at
     * {@code floor}, NaN for none) giving exactly {@code lower} and {@code upper}: one of the two differences
     * rounded to a float, or a neighbour. The forecaster's points always have one. Else (a hand-made, asymmetric
     * point) the smallest that contains {@code [lower, upper]}.
     */
    static float halfWidth(float mean, float lower, float upper, float floor, int k) {
        if (!Float.isFinite(lower) || !Float.isFinite(upper)) {
            throw new IllegalArgumentException("point " + k + "'s interval is not finite: [" + lower + ", " + upper
                    + "]");
        }
        float above = (float) ((double) upper - mean);
        float below = (float) ((double) mean - lower);
        // the differences first (the shortest text as a rule), then their neighbours one and two ulps away
        for (int ulps : NEIGHBOURS) {
            float h = exact(mean, lower, upper, floor, ulpsAway(above, ulps));
            if (Float.isNaN(h)) {
                h = exact(mean, lower, upper, floor, ulpsAway(below, ulps));
            }
            if (!Float.isNaN(h)) {
                return h;
            }
        }
        float h = Math.max(above, below);
        for (int i = 0; i < 64 && writable(h); i++, h = Math.nextUp(h)) {
            if (ForecastPoint.flooredLowerBound(mean, h, floor) <= lower
                    && ForecastPoint.upperBound(mean, h) >= upper) {
                return h;
            }
        }
        throw new IllegalArgumentException("point " + k + "'s interval [" + lower + ", " + upper + "] around "
                + mean + " is wider than a float half-width spans");
    }

    /** Ulps from the exact differences {@link #halfWidth} tries, in order. */
    private static final int[] NEIGHBOURS = {0, -1, 1, -2, 2};

    /** {@code h}, or NaN unless {@code mean ∓ h} gives exactly {@code lower} and {@code upper} and h is writable. */
    private static float exact(float mean, float lower, float upper, float floor, float h) {
        return writable(h) && ForecastPoint.flooredLowerBound(mean, h, floor) == lower
                && ForecastPoint.upperBound(mean, h) == upper ? h : Float.NaN;
    }

    /** The float {@code ulps} steps above (below, when negative) {@code v}. */
    private static float ulpsAway(float v, int ulps) {
        for (int i = 0; i < ulps; i++) {
            v = Math.nextUp(v);
        }
        for (int i = 0; i > ulps; i--) {
            v = Math.nextDown(v);
        }
        return v;
    }

    /** A half-width the compact format can write: finite, and not negative (-0.0 neither). */
    private static boolean writable(float h) {
        return Float.isFinite(h) && Float.floatToRawIntBits(h) >= 0;
    }

    // The document's fixed parts, as ASCII. Field order is the schema's (docs/topics.md).
    private static final byte[] SERIES = ascii("{\"series\":");
    private static final byte[] ORIGIN = ascii(",\"origin\":");
    private static final byte[] MODEL_VERSION = ascii(",\"model_version\":");
    private static final byte[] POINTS = ascii(",\"points\":[");
    private static final byte[] STEP_MS = ascii(",\"step_ms\":");
    private static final byte[] MEANS = ascii(",\"mean\":[");
    private static final byte[] HALF_WIDTHS = ascii("],\"half_width\":[");
    private static final byte[] LOWER_FLOOR = ascii("],\"lower_floor\":");
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

        JsonBytes separator(int k) {
            if (k > 1) {
                ensure(1);
                buf[pos++] = ',';
            }
            return this;
        }

        JsonBytes integer(long value) {
            ensure(20);
            String s = Long.toString(value); // once or H times a record; not worth a hand-written writer
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

    /**
     * A forecast in either format: an object with {@code points} is the points format, one with {@code mean} the
     * compact format.
     *
     * @throws IllegalArgumentException when the bytes are not a forecast in either format, saying what is wrong
     */
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
        if (root.has("points")) {
            return decodePoints(root);
        }
        if (root.has("mean")) {
            return decodeCompact(root);
        }
        throw new IllegalArgumentException("forecast has neither a 'points' array (points format) nor a 'mean' array "
                + "(compact format)");
    }

    private static Forecast decodePoints(JsonNode root) {
        JsonNode points = root.get("points");
        if (!points.isArray()) {
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
