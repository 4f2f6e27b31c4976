package io.streamcast.core.forecast;

import io.streamcast.core.codec.Varints;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable big-endian byte writer: what {@link SeriesStateCodec} and its parts' codecs write a state with; and
 * the count reader they share.
 */
final class StateBytes {
    byte[] buf;
    int size;

    StateBytes(int capacity) {
        buf = new byte[capacity];
    }

    private void room(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    StateBytes u8(int v) {
        room(1);
        buf[size++] = (byte) v;
        return this;
    }

    StateBytes i16(short v) {
        room(2);
        buf[size++] = (byte) (v >> 8);
        buf[size++] = (byte) v;
        return this;
    }

    StateBytes i32(int v) {
        room(4);
        buf[size++] = (byte) (v >> 24);
        buf[size++] = (byte) (v >> 16);
        buf[size++] = (byte) (v >> 8);
        buf[size++] = (byte) v;
        return this;
    }

    StateBytes f32(float v) {
        return i32(Float.floatToRawIntBits(v));
    }

    /** A half float; values beyond its range are clamped to it, not made infinite. */
    StateBytes f16(float v) {
        return i16(Half.fromFloat(Math.max(-65504f, Math.min(65504f, v))));
    }

    StateBytes varint(long v) {
        room(Varints.MAX_BYTES);
        size = Varints.write(buf, size, v);
        return this;
    }

    /** A varint that must be a count (0 to {@link Integer#MAX_VALUE}). */
    static int readCount(ByteBuffer in) {
        long v = Varints.read(in);
        if (v < 0 || v > Integer.MAX_VALUE) { // ten bytes can reach the sign bit
            throw new IllegalArgumentException("count " + v + " out of range");
        }
        return (int) v;
    }

    byte[] toArray() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
}
