package io.streamcast.core.codec;

/**
 * Writes a float as a short decimal that reads back as exactly that float, into a char buffer: what the forecast
 * codec writes for every point value (3 × H per forecast).
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
     * Writes {@code v} at {@code out[pos]}; returns the position after the last char written. Non-finite values
     * are written as Java spells them ({@code NaN}, {@code Infinity}), which is not JSON: callers keep them out.
     */
    public static int write(float v, char[] out, int pos) {
        if (!Float.isFinite(v)) {
            String s = Float.toString(v);
            s.getChars(0, s.length(), out, pos);
            return pos + s.length();
        }
        if (Float.floatToRawIntBits(v) < 0) {
            out[pos++] = '-';
            v = -v;
        }
        if (v == 0f) {
            out[pos] = '0';
            out[pos + 1] = '.';
            out[pos + 2] = '0';
            return pos + 3;
        }
        double d = v; // exact
        int e10 = (int) Math.floor(Math.log10(d));
        if (d < pow10(e10)) {
            e10--;
        } else if (d >= pow10(e10 + 1)) {
            e10++;
        }
        // the float's rounding interval, exact in double, and a margin far above double rounding errors
        double halfUlp = Math.ulp(v) / 2.0;
        double margin = d * 1e-14;
        double lo = d - halfUlp + margin;
        double hi = d + halfUlp - margin;
        long digits = 0;
        int precision;
        for (precision = 1; precision <= 9; precision++) {
            int scale = precision - 1 - e10; // digits = d * 10^scale, rounded
            digits = Math.round(d * pow10(scale));
            double back = digits * pow10(-scale);
            if (precision == 9 || (back > lo && back < hi)) {
                break;
            }
        }
        int exponent = e10;
        if (digits >= LONG_POW10[precision]) { // rounded up to the next power of ten: 9.99.. -> 10.0
            digits /= 10;
            exponent++;
        }
        while (precision > 1 && digits % 10 == 0) {
            digits /= 10;
            precision--;
        }
        return layout(digits, precision, exponent, out, pos);
    }

    /** The value digits × 10^(exponent - precision + 1), where digits has exactly {@code precision} digits. */
    private static int layout(long digits, int precision, int exponent, char[] out, int pos) {
        // the digits once, most significant first: one division each (a division per digit and position was
        // the formatter's hot spot in the profile)
        char[] d = new char[precision];
        int n = (int) digits; // at most 9 digits
        for (int i = precision - 1; i >= 0; i--) {
            int q = n / 10;
            d[i] = (char) ('0' + (n - q * 10));
            n = q;
        }
        if (exponent >= -3 && exponent < 7) {
            if (exponent >= 0) {
                int intDigits = exponent + 1;
                for (int i = 0; i < intDigits; i++) {
                    out[pos++] = i < precision ? d[i] : '0';
                }
                out[pos++] = '.';
                if (precision > intDigits) {
                    for (int i = intDigits; i < precision; i++) {
                        out[pos++] = d[i];
                    }
                } else {
                    out[pos++] = '0';
                }
            } else {
                out[pos++] = '0';
                out[pos++] = '.';
                for (int i = -1; i > exponent; i--) {
                    out[pos++] = '0';
                }
                for (int i = 0; i < precision; i++) {
                    out[pos++] = d[i];
                }
            }
            return pos;
        }
        out[pos++] = d[0];
        out[pos++] = '.';
        if (precision > 1) {
            for (int i = 1; i < precision; i++) {
                out[pos++] = d[i];
            }
        } else {
            out[pos++] = '0';
        }
        out[pos++] = 'E';
        if (exponent < 0) {
            out[pos++] = '-';
            exponent = -exponent;
        }
        if (exponent >= 10) {
            out[pos++] = (char) ('0' + exponent / 10);
        }
        out[pos++] = (char) ('0' + exponent % 10);
        return pos;
    }

    /** Convenience for tests and tools. */
    public static String toString(float v) {
        char[] buf = new char[MAX_CHARS];
        return new String(buf, 0, write(v, buf, 0));
    }
}
