package io.streamcast.core.codec;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a forecast in the compact JSON of the forecasts topic ({@link ForecastCodec}, docs/topics.md). Encoding
 * runs once per input record and was the largest single cost of the forecasting topology (docs/benchmarks.md), so
 * it writes the bytes itself: fixed parts copied, timestamps by {@link Timestamps#writeIso}, numbers by
 * {@link FloatText}. Thread-safe (no state).
 */
final class CompactForecastWriter {
    private CompactForecastWriter() {}

    /**
     * The forecast's compact JSON.
     *
     * @throws IllegalArgumentException for a forecast the format cannot express: points not numbered 1..H at
     *                                  {@code origin + k × step} for one step of at least 1 ms, a non-finite value,
     *                                  or an interval wider than a float half-width spans
     */
    static byte[] encode(Forecast f) {
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
            return out.raw(LOWER_FLOOR).number(floor).raw(END_OBJECT).toByteArray();
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
    private static final byte[] STEP_MS = ascii(",\"step_ms\":");
    private static final byte[] MEANS = ascii(",\"mean\":[");
    private static final byte[] HALF_WIDTHS = ascii("],\"half_width\":[");
    private static final byte[] LOWER_FLOOR = ascii("],\"lower_floor\":");
    private static final byte[] END_OBJECT = ascii("}");
    private static final byte[] END = ascii("]}");

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
}
