package io.streamcast.core.codec;

import java.nio.charset.StandardCharsets;

/**
 * Writes a float as a short decimal that reads back as exactly that float, as ASCII into a byte buffer: what the
 * forecast codec writes for every point value (3 × H per forecast).
 *
 * <p>Why hand-written: the forecasts topic carries 144 numbers per record at H = 48, and formatting them was
 * the largest single cost of the forecasting topology in a JFR profile, first with JDK 17's
 * {@code Double.toString}, then still with Jackson's Schubfach float writer (docs/benchmarks.md). This takes the
 * fewest significant digits (1 to 9) whose decimal lies inside the float's rounding interval, checked in double
 * arithmetic with a safety margin: where the margin decides, it takes more digits, which is still exact (9 digits
 * always are: their error, below 1e-9 relative, is far inside a float's half-ulp of at least 3e-8). So the text
 * is never wrong, and it is the shortest except where a shorter decimal sits on the very edge of the interval
 * (exactly halfway between two floats, which happens for large whole numbers: {@code 1.5e10f} is written
 * {@code 1.5000001E10}). Over a million random floats it was never more than a digit longer than JDK 17's
 * {@link Float#toString}. Layout as {@link Float#toString}: plain for 1e-3 <= |v| < 1e7 ({@code 100.5},
 * {@code 0.001}), else {@code 1.0E10}; JSON accepts both.
 */
public final class FloatText {
    /** Longest output: "-1.23456789E-45". */
    public static final int MAX_CHARS = 16;

    private static final double[] POW10 = new double[128]; // 10^(i - 64), correctly rounded
    private static final long[] LONG_POW10 = new long[19];

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Double.parseDouble("1e" + (i - 64));
        }
        LONG_POW10[0] = 1;
        for (int i = 1; i < LONG_POW10.length; i++) {
            LONG_POW10[i] = LONG_POW10[i - 1] * 10;
        }
    }

    private FloatText() {}

    private static double pow10(int e) {
        return POW10[e + 64];
    }

    /**
     * Writes {@code v} as ASCII at {@code out[pos]}; returns the position after the last byte written. Non-finite
     * values are written as Java spells them ({@code NaN}, {@code Infinity}), which is not JSON: callers keep
     * them out.
     */
    public static int write(float v, byte[] out, int pos) {
        if (!Float.isFinite(v)) {
            String s = Float.toString(v);
            for (int i = 0; i < s.length(); i++) {
                out[pos++] = (byte) s.charAt(i);
            }
            return pos;
        }
        int bits = Float.floatToRawIntBits(v);
        if (bits < 0) {
            out[pos++] = '-';
            v = -v;
            bits &= Integer.MAX_VALUE;
        }
        if (v == 0f) {
            out[pos] = '0';
            out[pos + 1] = '.';
            out[pos + 2] = '0';
            return pos + 3;
        }
        double d = v; // exact
        // decimal exponent: floor(log10 d) from the binary one (floor(e2 log10 2) is it or one less)
        int e10 = (Math.getExponent(d) * 78_913) >> 18;
        if (d >= pow10(e10 + 1)) {
            e10++;
        }
        // d scaled to 9 integer digits, and the float's rounding interval in the same units: half an ulp up,
        // and down too except at a power of two, where the float below is half as far. Double arithmetic is
        // exact to ~1e-16 here; the margin (1e-14 relative) keeps every candidate well inside.
        double scale = pow10(8 - e10);
        double x = d * scale;
        double halfUp = Math.ulp(v) / 2.0 * scale;
        boolean powerOfTwo = (bits & 0x7F_FFFF) == 0 && (bits >>> 23) > 1; // not the smallest normal
        double margin = x * 1e-14;
        double lo = x - (powerOfTwo ? halfUp / 2 : halfUp) + margin;
        double hi = x + halfUp - margin;
        // 9 digits always fit (the interval is at least 1.5 units wide around x). Drop a digit at a time while
        // a multiple of 10^j still lies inside; the first j where none does ends it, because a multiple of
        // 10^(j+1) is a multiple of 10^j. Most forecast values need 7-8 digits: two or three tries.
        double best = Math.rint(x);
        for (int j = 1; j <= 8; j++) {
            double p = LONG_POW10[j];
            double below = Math.floor(x / p) * p;
            double above = below + p;
            boolean belowFits = below > lo;
            boolean aboveFits = above < hi;
            if (!belowFits && !aboveFits) {
                break;
            }
            best = belowFits && (!aboveFits || x - below <= above - x) ? below : above;
        }
        long digits = (long) best;
        if (digits >= 1_000_000_000L) { // rounded up to the next power of ten: 9.99.. -> 10.0
            digits /= 10;
            e10++;
        }
        int precision = 9;
        while (precision > 1 && digits % 10 == 0) {
            digits /= 10;
            precision--;
        }
        return layout((int) digits, precision, e10, out, pos);
    }

    /** The value digits × 10^(exponent - precision + 1), where digits has exactly {@code precision} digits. */
    private static int layout(int digits, int precision, int exponent, byte[] out, int pos) {
        if (exponent >= -3 && exponent < 7) {
            if (exponent >= 0) {
                int intDigits = exponent + 1;
                if (precision > intDigits) { // 100.25: the digits with a point after intDigits of them
                    int end = pos + precision + 1;
                    writeDigits(digits, precision - intDigits, out, end);
                    out[pos + intDigits] = '.';
                    writeDigits(digits / (int) LONG_POW10[precision - intDigits], intDigits, out, pos + intDigits);
                    return end;
                }
                // 10844.0: the digits, zeros up to the point, ".0"
                writeDigits(digits, precision, out, pos + precision);
                for (int i = precision; i < intDigits; i++) {
                    out[pos + i] = '0';
                }
                pos += intDigits;
                out[pos] = '.';
                out[pos + 1] = '0';
                return pos + 2;
            }
            out[pos++] = '0'; // 0.00125
            out[pos++] = '.';
            for (int i = -1; i > exponent; i--) {
                out[pos++] = '0';
            }
            writeDigits(digits, precision, out, pos + precision);
            return pos + precision;
        }
        // 1.25E-4, 1.0E10
        out[pos] = (byte) ('0' + digits / (int) LONG_POW10[precision - 1]);
        out[pos + 1] = '.';
        if (precision > 1) {
            writeDigits(digits, precision - 1, out, pos + 1 + precision);
            pos += 1 + precision;
        } else {
            out[pos + 2] = '0';
            pos += 3;
        }
        out[pos++] = 'E';
        if (exponent < 0) {
            out[pos++] = '-';
            exponent = -exponent;
        }
        if (exponent >= 10) {
            out[pos++] = (byte) ('0' + exponent / 10);
        }
        out[pos++] = (byte) ('0' + exponent % 10);
        return pos;
    }

    /** The lowest {@code count} decimal digits of {@code value}, ending just before {@code end}. */
    private static void writeDigits(int value, int count, byte[] out, int end) {
        for (int i = end - 1; i >= end - count; i--) {
            int q = value / 10;
            out[i] = (byte) ('0' + (value - q * 10));
            value = q;
        }
    }

    /** Convenience for tests and tools. */
    public static String toString(float v) {
        byte[] buf = new byte[MAX_CHARS];
        return new String(buf, 0, write(v, buf, 0), StandardCharsets.US_ASCII);
    }
}
