package io.streamcast.core.forecast;

import io.streamcast.core.codec.Varints;
import java.util.Arrays;

/** A growable big-endian byte writer: what {@link SeriesStateCodec} writes a state with. */
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

    byte[] toArray() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
}
