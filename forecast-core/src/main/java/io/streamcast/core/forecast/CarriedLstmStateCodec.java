package io.streamcast.core.forecast;

import java.nio.ByteBuffer;

/**
 * A {@link CarriedLstmState} in the state's layout ({@link SeriesStateCodec}, present when its flag says so): i32
 * model id, u8 layers L, L x varint layer width, then per layer width x i8 h (in 1/127ths), width x f16 c.
 */
final class CarriedLstmStateCodec {
    private CarriedLstmStateCodec() {}

    /** Bytes the carried state takes at most (a capacity hint for the writer). */
    static int maxBytes(CarriedLstmState carried) {
        float[][] h = carried.hidden();
        if (h == null) {
            return 0;
        }
        int values = 0;
        for (float[] layer : h) {
            values += layer.length;
        }
        return 4 * h.length + 4 * values;
    }

    static void write(StateBytes out, CarriedLstmState carried) {
        float[][] h = carried.hidden();
        float[][] c = carried.cell();
        out.i32(carried.modelId()).u8(h.length);
        for (float[] layer : h) {
            out.varint(layer.length);
        }
        for (int l = 0; l < h.length; l++) {
            for (float v : h[l]) {
                out.u8(hiddenByte(v));
            }
            for (float v : c[l]) {
                out.f16(v);
            }
        }
    }

    /**
     * Reads a carried state; {@code into} carries it when {@code keep} (a decoder whose window is smaller than the
     * stored one drops it, to re-prime on the window it keeps).
     */
    static void read(ByteBuffer in, CarriedLstmState into, boolean keep) {
        int modelId = in.getInt();
        int layers = Byte.toUnsignedInt(in.get());
        int[] sizes = new int[layers];
        long bytes = 0;
        for (int l = 0; l < layers; l++) {
            sizes[l] = StateBytes.readCount(in);
            bytes += 3L * sizes[l];
        }
        if (bytes > in.remaining()) { // checked before allocating: corrupt widths must not cost memory
            throw new IllegalArgumentException("carried state of " + bytes + " bytes exceeds the "
                    + in.remaining() + " left");
        }
        float[][] h = new float[layers][];
        float[][] c = new float[layers][];
        for (int l = 0; l < layers; l++) {
            h[l] = new float[sizes[l]];
            c[l] = new float[sizes[l]];
            for (int j = 0; j < sizes[l]; j++) {
                h[l][j] = Math.max(-127, in.get()) / 127f;
            }
            for (int j = 0; j < sizes[l]; j++) {
                c[l][j] = Half.toFloat(in.getShort());
            }
        }
        if (keep) {
            into.carry(modelId, h, c);
        }
    }

    /**
     * A hidden state value, in [-1, 1] (tanh times a sigmoid), as a signed byte of 1/127ths: it is read by the output
     * layer and the next step only, where an error of 0.004 is far below what a forecast can tell, and LSTM-64's h
     * in a byte each keeps the bench key's state within 512 bytes (docs/state.md). c is unbounded: a half float.
     */
    static int hiddenByte(float v) {
        float clamped = Float.isNaN(v) ? 0f : Math.max(-1f, Math.min(1f, v));
        return Math.round(clamped * 127f);
    }
}
