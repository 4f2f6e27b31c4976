package io.streamcast.core.forecast;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Compact binary form of a {@link SeriesState}: what the state store and its changelog hold per key.
 *
 * <p>Every record rewrites its key's state, so these bytes set the topology's throughput and how many keys
 * fit; layout and measured sizes are in {@code docs/state.md}. All multi-byte fields are big-endian:
 * <pre>
 *   u8   layout version (3)
 *   u8   flags: bit 0 = carried LSTM state present
 *   i64  last event time (epoch ms)     i64 step (ms, 0 = unknown)
 *   u8   spacings seen in a row at a candidate step (see StepInference); if not 0: i64 candidate step (ms)
 *   i32  observations seen
 *   f32  level   f32 scale   u16 scale count (at most SeriesNormalization.SCALE_MEMORY)
 *   f32  rolling |error| naive   f32 rolling |error| seasonal naive   f32 rolling |error| local median
 *   u16  baseline points scored (saturating: only the first 2,000 matter)
 *   f32  rolling |error| model   f32 rolling |error| baseline   f32 rolling coverage   i32 scored
 *   u16  window count n, then n x f32 values, oldest first
 *   [if flag 0: i32 model id, u8 layers L, L x u16 layer width, then every layer's f32 h, then its f32 c]
 *   u8   tracked steps T, then T x f32 interval half-widths (NaN = uncalibrated)
 *   u16  pending count P, then P x f16 pending forecast offsets (see {@link SeriesState})
 * </pre>
 * A state written under other settings (a changed window or horizon) still decodes: the newest values that
 * fit are kept and calibration for a different set of tracked steps restarts. Layouts 1 (without the median's
 * error: its keys start it at seasonal naive's) and 2 (without the candidate step) still decode.
 */
public final class SeriesStateCodec {
    static final int LAYOUT_VERSION = 3;
    private static final int FLAG_MODEL_STATE = 1;

    private final ForecastSettings settings;
    private final TrackedSteps tracked;

    public SeriesStateCodec(ForecastSettings settings) {
        this.settings = settings;
        this.tracked = new TrackedSteps(settings.horizon());
    }

    public int encodedSize(SeriesState s) {
        int size = 2 + 8 + 8 + 1 + (s.candidateCount > 0 ? 8 : 0) + 4 + 10 + 14 + 16 + 2 + 4 * s.windowCount;
        if (s.h != null) {
            size += 4 + 1;
            for (float[] layer : s.h) {
                size += 2 + 2 * 4 * layer.length;
            }
        }
        return size + 1 + 4 * s.widths.length + 2 + 2 * s.pending.length;
    }

    public byte[] encode(SeriesState s) {
        ByteBuffer out = ByteBuffer.allocate(encodedSize(s));
        out.put((byte) LAYOUT_VERSION);
        out.put((byte) (s.h != null ? FLAG_MODEL_STATE : 0));
        out.putLong(s.lastEventMillis).putLong(s.stepMillis);
        out.put((byte) Math.min(s.candidateCount, 0xFF));
        if (s.candidateCount > 0) {
            out.putLong(s.candidateStepMillis);
        }
        out.putInt(s.seen);
        out.putFloat(s.level).putFloat(s.scale).putShort((short) Math.min(s.scaleCount, 0xFFFF));
        out.putFloat(s.naiveError).putFloat(s.seasonalError).putFloat(s.medianError)
                .putShort((short) Math.min(s.baselineScored, 0xFFFF));
        out.putFloat(s.accModelAbsError).putFloat(s.accBaselineAbsError).putFloat(s.accCoverage).putInt(s.scored);
        out.putShort((short) s.windowCount);
        for (int i = 0; i < s.windowCount; i++) {
            out.putFloat(s.window[(s.windowHead + i) % s.window.length]);
        }
        if (s.h != null) {
            out.putInt(s.modelId).put((byte) s.h.length);
            for (float[] layer : s.h) {
                out.putShort((short) layer.length);
            }
            for (int l = 0; l < s.h.length; l++) {
                for (float v : s.h[l]) {
                    out.putFloat(v);
                }
                for (float v : s.c[l]) {
                    out.putFloat(v);
                }
            }
        }
        out.put((byte) s.widths.length);
        for (float w : s.widths) {
            out.putFloat(w);
        }
        out.putShort((short) s.pending.length);
        for (short p : s.pending) {
            out.putShort(p);
        }
        return out.array();
    }

    /** @throws IllegalArgumentException when the bytes are not a state this codec wrote */
    public SeriesState decode(byte[] bytes) {
        try {
            return read(ByteBuffer.wrap(bytes));
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated series state (" + bytes.length + " bytes)", e);
        }
    }

    /**
     * The state these bytes hold, or the {@link SeriesState#unreadable unreadable placeholder} when they do not
     * decode: a store reader must not fail on one corrupt entry (it would stop every key of the task).
     */
    public SeriesState decodeOrUnreadable(byte[] bytes) {
        try {
            return decode(bytes);
        } catch (RuntimeException e) {
            return SeriesState.unreadable(settings.window(), tracked);
        }
    }

    private SeriesState read(ByteBuffer in) {
        int version = Byte.toUnsignedInt(in.get());
        if (version < 1 || version > LAYOUT_VERSION) {
            throw new IllegalArgumentException("unknown series state layout " + version);
        }
        int flags = in.get();
        SeriesState s = new SeriesState(settings.window(), tracked);
        s.lastEventMillis = in.getLong();
        s.stepMillis = in.getLong();
        if (version >= 3) {
            s.candidateCount = Byte.toUnsignedInt(in.get());
            s.candidateStepMillis = s.candidateCount > 0 ? in.getLong() : 0;
        }
        s.seen = in.getInt();
        s.level = in.getFloat();
        s.scale = in.getFloat();
        s.scaleCount = version == 1 ? in.getInt() : Short.toUnsignedInt(in.getShort());
        s.naiveError = in.getFloat();
        s.seasonalError = in.getFloat();
        s.medianError = version == 1 ? s.seasonalError : in.getFloat();
        s.baselineScored = version == 1 ? in.getInt() : Short.toUnsignedInt(in.getShort());
        s.accModelAbsError = in.getFloat();
        s.accBaselineAbsError = in.getFloat();
        s.accCoverage = in.getFloat();
        s.scored = in.getInt();
        int count = Short.toUnsignedInt(in.getShort());
        for (int i = 0; i < count; i++) {
            s.push(in.getFloat()); // a smaller window keeps the newest values
        }
        boolean windowShrunk = count > s.window.length;
        if ((flags & FLAG_MODEL_STATE) != 0) {
            int modelId = in.getInt();
            int layers = Byte.toUnsignedInt(in.get());
            float[][] h = new float[layers][];
            float[][] c = new float[layers][];
            int[] sizes = new int[layers];
            long bytes = 0;
            for (int l = 0; l < layers; l++) {
                sizes[l] = Short.toUnsignedInt(in.getShort());
                bytes += 8L * sizes[l];
            }
            if (bytes > in.remaining()) { // checked before allocating: corrupt widths must not cost memory
                throw new IllegalArgumentException("carried state of " + bytes + " bytes exceeds the "
                        + in.remaining() + " left");
            }
            for (int l = 0; l < layers; l++) {
                h[l] = new float[sizes[l]];
                c[l] = new float[sizes[l]];
            }
            for (int l = 0; l < layers; l++) {
                readInto(in, h[l]);
                readInto(in, c[l]);
            }
            if (!windowShrunk) {
                s.modelId = modelId;
                s.h = h;
                s.c = c;
            }
        }
        int widths = Byte.toUnsignedInt(in.get());
        float[] w = new float[widths];
        for (int i = 0; i < widths; i++) {
            w[i] = in.getFloat();
        }
        int pendingCount = Short.toUnsignedInt(in.getShort());
        short[] p = new short[pendingCount];
        for (int i = 0; i < pendingCount; i++) {
            p[i] = in.getShort();
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " trailing bytes after series state");
        }
        if (widths == s.widths.length && pendingCount == s.pending.length) {
            System.arraycopy(w, 0, s.widths, 0, widths);
            System.arraycopy(p, 0, s.pending, 0, pendingCount);
        } else {
            Arrays.fill(s.widths, Float.NaN); // another horizon: calibration restarts
        }
        return s;
    }

    private static void readInto(ByteBuffer in, float[] values) {
        for (int j = 0; j < values.length; j++) {
            values[j] = in.getFloat();
        }
    }
}
