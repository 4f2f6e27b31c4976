package io.streamcast.core.forecast;

/**
 * IEEE 754 half-precision conversion (Java 17 has no {@code Float.floatToFloat16}).
 *
 * <p>Used only for values whose precision does not matter at the 1e-3 relative level (pending forecast
 * offsets kept for scoring), to halve their share of the per-key state.
 */
final class Half {
    static final short NaN = (short) 0x7e00;

    private Half() {}

    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exp == 0xff) { // NaN or infinity
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) { // overflow: saturate to infinity
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) { // subnormal half or zero
            if (e < -10) {
                return (short) sign;
            }
            int m = mantissa | 0x800000;
            int shift = 14 - e;
            int half = m >> shift;
            int roundBit = 1 << (shift - 1);
            if ((m & roundBit) != 0 && ((m & (3 * roundBit - 1)) != 0 || (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = sign | (e << 10) | (mantissa >> 13);
        int rest = mantissa & 0x1fff; // round to nearest even
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++;
        }
        return (short) half;
    }

    static float toFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exp == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            float value = mantissa / 1024f * 6.1035156e-5f; // 2^-14
            return sign != 0 ? -value : value;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mantissa << 13));
    }
}
