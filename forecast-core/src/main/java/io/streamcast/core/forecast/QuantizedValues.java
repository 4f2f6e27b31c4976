package io.streamcast.core.forecast;

import io.streamcast.core.codec.Varints;
import java.nio.ByteBuffer;

/**
 * The window, interval half-widths and pending forecast offsets of a {@link SeriesState} as integer multiples of
 * one quantum q = 2^e, the largest power of two at most the key's scale / {@link SeriesStateCodec#QUANTA_PER_SCALE},
 * written as order-k exponential-Golomb codes (in the layout of {@link SeriesStateCodec}).
 *
 * <p>The window uses a coarser power of two when all its values are multiples of one (integer counts, or a
 * series that repeats exactly, whose scale is 0): then it is written exactly. A value is off by at most q / 2
 * (1/2048 of the scale, the unit MASE measures errors in). The grid is
 * anchored at 0, so a value already on it is written exactly: decoding and encoding again gives the same
 * bytes, and a window value is rounded when it enters, not at every record. Window values are written as
 * differences to their predecessor, which are small next to the values; widths and offsets are about a scale,
 * i.e. about 2^10 to 2^13 quanta. One k per group, chosen for the fewest bits.
 */
final class QuantizedValues {
    private static final double MAX_QUANTA = 0x1p40;
    static final int K_BITS = 6;
    static final int MAX_K = 50;

    private final int exponent;
    private final int windowExponent;
    private final long[] codes;
    private final int windowCount;
    private final int widthCount;
    private final int[] k = new int[3];
    private final long bits;

    private QuantizedValues(int exponent, int windowExponent, long[] codes, int windowCount, int widthCount) {
        this.exponent = exponent;
        this.windowExponent = windowExponent;
        this.codes = codes;
        this.windowCount = windowCount;
        this.widthCount = widthCount;
        long total = 3L * K_BITS;
        int[] bounds = {0, windowCount, windowCount + widthCount, codes.length};
        for (int g = 0; g < 3; g++) {
            long best = bestK(codes, bounds[g], bounds[g + 1]);
            k[g] = (int) (best & 0xFF);
            total += best >>> 8;
        }
        this.bits = total;
    }

    /**
     * The state's values on its grid, or null when they do not fit one (then they are written plain).
     *
     * @param reference what pending points are stored against; null: their offsets from their origin's value
     *                  (when the reference does not fit the state's rings)
     */
    static QuantizedValues of(SeriesState s, float[] widths, PendingReference reference) {
        double scale = SeriesNormalization.effectiveScale(s);
        if (!(scale > 0) || Double.isInfinite(scale)) {
            return null;
        }
        int e = Math.getExponent(scale / SeriesStateCodec.QUANTA_PER_SCALE);
        if (e < -120 || e > 120) {
            return null;
        }
        // values that are all multiples of a coarser power of two (integer counts, a series whose scale is 0
        // because it repeats exactly) are written exactly in that coarser quantum
        int windowExponent = Math.max(e, Math.min(120, grain(s.window)));
        // multiplying by a power of two is exact, as dividing by one is, and several times cheaper
        double perQuantum = Math.scalb(1.0, -e);
        double perWindowQuantum = Math.scalb(1.0, -windowExponent);
        ValueWindow window = s.window;
        PendingForecasts pending = s.pending;
        int count = window.count();
        long[] codes = new long[count + widths.length + pending.size()];
        float[] stored = reference == null ? null : new float[count]; // the window as decoded
        int n = 0;
        long previous = 0;
        for (int i = 0; i < count; i++) {
            double quanta = Math.rint(window.oldestFirst(i) * perWindowQuantum);
            if (!(Math.abs(quanta) <= MAX_QUANTA)) {
                return null;
            }
            long current = (long) quanta;
            codes[n++] = Varints.zigzag(current - previous);
            previous = current;
            if (stored != null) {
                stored[i] = (float) Math.scalb(quanta, windowExponent);
            }
        }
        for (float w : widths) {
            if ((codes[n++] = optional(w, perQuantum)) < 0) {
                return null;
            }
        }
        if (reference == null) {
            for (int p = 0; p < pending.size(); p++) {
                if ((codes[n++] = optional(pending.offset(p), perQuantum)) < 0) {
                    return null;
                }
            }
        } else {
            double[] references = new double[pending.size()];
            reference.compute(stored, count, references);
            for (int p = 0; p < pending.size(); p++) {
                // the mean as served: the origin's value in memory (not yet rounded to the window's grid) + offset
                int age = reference.originAge(p);
                double origin = age < count ? window.valueAt(age) : 0;
                if ((codes[n++] = optional(origin + pending.offset(p) - references[p], perQuantum)) < 0) {
                    return null;
                }
            }
        }
        return new QuantizedValues(e, windowExponent, codes, count, widths.length);
    }

    /** The exponent of the largest power of two every window value is a multiple of (MAX_VALUE: all 0). */
    private static int grain(ValueWindow window) {
        int grain = Integer.MAX_VALUE;
        for (int i = 0; i < window.count(); i++) {
            float x = window.oldestFirst(i);
            if (x == 0 || !Float.isFinite(x)) {
                continue;
            }
            int bits = Float.floatToRawIntBits(x);
            int exp = (bits >>> 23) & 0xff;
            int mantissa = exp == 0 ? bits & 0x7fffff : (bits & 0x7fffff) | 0x800000;
            grain = Math.min(grain, Math.max(exp, 1) - 150 + Integer.numberOfTrailingZeros(mantissa));
        }
        return grain;
    }

    /** 0 for NaN, else 1 + zigzag(quanta); -1 when the value does not fit the grid. */
    private static long optional(double value, double perQuantum) {
        if (Double.isNaN(value)) {
            return 0;
        }
        double quanta = Math.rint(value * perQuantum);
        if (!(Math.abs(quanta) <= MAX_QUANTA)) {
            return -1;
        }
        return 1 + Varints.zigzag((long) quanta);
    }

    /** Bytes {@link #writeTo} writes. */
    int bytes() {
        return 2 + (int) ((bits + 7) >>> 3);
    }

    void writeTo(StateBytes out) {
        out.u8(exponent).u8(windowExponent);
        int length = (int) ((bits + 7) >>> 3);
        for (int i = 0; i < length; i++) {
            out.u8(0);
        }
        ExpGolombBits.Writer w = new ExpGolombBits.Writer(out.buf, out.size - length);
        int[] bounds = {0, windowCount, windowCount + widthCount, codes.length};
        for (int g = 0; g < 3; g++) {
            w.write(k[g], K_BITS);
            for (int i = bounds[g]; i < bounds[g + 1]; i++) {
                w.expGolomb(codes[i], k[g]);
            }
        }
        w.flush();
    }

    /**
     * Reads what {@link #writeTo} wrote into arrays of the stored lengths; consumes the rest of {@code in}.
     *
     * @param reference what the pending points were stored against, null for offsets from their origin; when
     *                  it does not fit the stored rings (another horizon) the points are read and dropped as NaN
     */
    static void read(ByteBuffer in, float[] window, float[] widths, float[] pending, PendingReference reference) {
        int e = in.get();
        if (e < -120 || e > 120) {
            throw new IllegalArgumentException("quantum 2^" + e + " out of range");
        }
        double q = Math.scalb(1.0, e);
        int ew = in.get();
        if (ew < e || ew > 120) {
            throw new IllegalArgumentException("window quantum 2^" + ew + " out of range");
        }
        double qw = Math.scalb(1.0, ew);
        ExpGolombBits.Reader r = new ExpGolombBits.Reader(in.array(), in.arrayOffset() + in.position(), in.arrayOffset() + in.limit());
        int k = r.k();
        long quanta = 0;
        for (int i = 0; i < window.length; i++) {
            quanta += Varints.unzigzag(r.expGolomb(k));
            window[i] = (float) (quanta * qw);
        }
        k = r.k();
        for (int i = 0; i < widths.length; i++) {
            long code = r.expGolomb(k);
            widths[i] = code == 0 ? Float.NaN : (float) (Varints.unzigzag(code - 1) * q);
        }
        k = r.k();
        double[] references = null;
        if (reference != null && reference.fits(pending.length)) {
            references = new double[pending.length];
            reference.compute(window, window.length, references);
        }
        for (int i = 0; i < pending.length; i++) {
            long code = r.expGolomb(k);
            double value = Varints.unzigzag(code - 1) * q;
            if (code == 0 || (reference != null && references == null)) {
                pending[i] = Float.NaN;
            } else if (references == null) {
                pending[i] = (float) value;
            } else { // back to an offset from the origin's value, as the forecaster keeps it
                int age = reference.originAge(i);
                pending[i] = (float) (references[i] + value - PendingReference.valueAt(window, window.length, age));
            }
        }
        in.position(r.endByte() - in.arrayOffset());
    }

    /**
     * The order k with the fewest bits for codes[from, to), among the four around the codes' mean (one pass),
     * packed as {@code bits << 8 | k}.
     */
    private static long bestK(long[] codes, int from, int to) {
        if (from == to) {
            return 0;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += codes[i];
        }
        double mean = sum / (to - from);
        int k0 = mean < 2 ? 0 : Math.getExponent(mean);
        int lowest = Math.max(0, Math.min(MAX_K, k0 + 1) - 3);
        int tries = Math.min(MAX_K, k0 + 1) - lowest + 1;
        long c0 = 0;
        long c1 = 0;
        long c2 = 0;
        long c3 = 0;
        for (int i = from; i < to; i++) { // bits of order k: 2 * bitLength(v + 2^k) - k - 1
            long v = codes[i];
            c0 += 2L * (64 - Long.numberOfLeadingZeros(v + (1L << lowest)));
            c1 += 2L * (64 - Long.numberOfLeadingZeros(v + (1L << (lowest + 1))));
            c2 += 2L * (64 - Long.numberOfLeadingZeros(v + (1L << (lowest + 2))));
            c3 += 2L * (64 - Long.numberOfLeadingZeros(v + (1L << (lowest + 3))));
        }
        long[] costs = {c0, c1, c2, c3};
        long n = to - from;
        int best = lowest;
        long bestCost = Long.MAX_VALUE;
        for (int j = 0; j < tries; j++) {
            long c = costs[j] - n * (lowest + j + 1);
            if (c < bestCost) {
                bestCost = c;
                best = lowest + j;
            }
        }
        return bestCost << 8 | best;
    }
}
