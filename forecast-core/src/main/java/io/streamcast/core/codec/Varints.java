package io.streamcast.core.codec;

import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints and zigzag mapping of signed values, as the binary stores write them (the series state,
 * the last written forecasts). Small numbers take one byte; a long takes at most ten.
 */
public final class Varints {
    /** The most bytes {@link #write} writes. */
    public static final int MAX_BYTES = 10;

    private Varints() {}

    /** Signed to unsigned so that small magnitudes of either sign stay small: 0, -1, 1, -2 … → 0, 1, 2, 3 … */
    public static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    public static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Writes {@code v} (as unsigned) into {@code out} from {@code at}; returns where the next byte goes. */
    public static int write(byte[] out, int at, long v) {
        while ((v & ~0x7FL) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        return at;
    }

    /**
     * The next varint of {@code in}.
     *
     * @throws IllegalArgumentException when it runs past ten bytes
     * @throws java.nio.BufferUnderflowException when the bytes end inside it
     */
    public static long read(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = Byte.toUnsignedInt(in.get());
            value |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than " + MAX_BYTES + " bytes");
    }
}
