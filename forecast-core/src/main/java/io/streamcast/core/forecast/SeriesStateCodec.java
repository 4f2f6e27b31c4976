package io.streamcast.core.forecast;

import io.streamcast.core.codec.Varints;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Compact binary form of a {@link SeriesState}: what the state store and its changelog hold per key.
 *
 * <p>Every record rewrites its key's state, so these bytes set the topology's throughput and how many keys
 * fit; layout and measured sizes are in {@code docs/state.md}. Layout 7, big-endian, varints unsigned LEB128
 * (zigzag where signed):
 * <pre>
 *   u8   layout version (7)
 *   u8   flags: 1 carried LSTM state, 2 quantized values (else plain), 4 candidate step, 8 times in whole
 *        seconds (else ms), 16 no observation yet, 32 pending points stored against their reference, 64 the
 *        half-widths are relative to the forecast (stored times |level|, in the series' units), 128 the last
 *        arrival's wall-clock time follows
 *   [flag 16 clear: zigzag varint last event time]
 *   [flag 128: zigzag varint whole seconds from the last event time to the wall-clock time the last
 *        observation was processed]   varint step (0 = unknown)
 *   [flag 4: u8 spacings in a row at the candidate step, varint candidate step]
 *   varint observations seen
 *   f32 level   f32 scale   varint scale count
 *   f32 log scale   varint log scale count   varint positive run
 *   f32 rolling |error| naive, seasonal naive, local median   varint baseline points scored (saturating)
 *   f32 rolling |error| model, baseline   f32 rolling coverage   varint scored
 *   varint window count n   u8 tracked steps T   varint pending count P   varint season m
 *   [flag 1: i32 model id, u8 layers L, L x varint layer width, then per layer width x i8 h (in 1/127ths),
 *        width x f16 c]
 *   flag 2 clear: n x f32 window (oldest first), T x f32 half-widths, P x f32 pending offsets from their
 *        origin's value
 *   flag 2 set:   i8 e, the quantum q = 2^e (the largest power of two at most scale / 1024), i8 e' >= e,
 *        the window's quantum q' = 2^e' (coarser only when every window value is a multiple of it), then a
 *        bit stream of order-k exponential-Golomb codes, padded to a byte: 6 bits k, the window as integer
 *        multiples of q' (the oldest as Varints.zigzag(round(x / q')), the others as zigzag of the difference to the
 *        previous multiple); 6 bits k, T half-widths as 1 + Varints.zigzag(round(w / q)) (0 = NaN, uncalibrated);
 *        6 bits k, P pending points the same way (0 = NaN, no forecast at that origin): with flag 32 the
 *        forecast mean minus its {@link PendingReference} (the key's baseline forecast of the same target
 *        from the same origin, recomputed from the stored window and m), else minus the origin's value
 * </pre>
 * Quantized values are within q / 2 (at most 1/2048 of the scale) of what was stored, on a grid anchored at
 * 0, so decoding and encoding again gives the same bytes and a value is rounded once, not at every record
 * (again only when the scale's power of two grows). Values the grid cannot hold (non-finite, or more than
 * 2^40 quanta) are written plain. The carried h is a signed byte of 1/127ths (it lies in [-1, 1]), c an IEEE half
 * float (relative error at most 2^-11).
 *
 * <p>A state written under other settings (a changed window or horizon) still decodes: the newest values that
 * fit are kept and calibration for a different set of tracked steps restarts. Bytes of any other layout are
 * rejected, not read: before 1.0 no earlier layout is kept (docs/compatibility.md).
 */
public final class SeriesStateCodec {
    static final int LAYOUT_VERSION = 7;
    /** The quantum is the largest power of two at most the scale divided by this. */
    static final int QUANTA_PER_SCALE = 1024;
    private static final int FLAG_MODEL_STATE = 1;
    private static final int FLAG_QUANTIZED = 2;
    private static final int FLAG_CANDIDATE = 4;
    private static final int FLAG_SECONDS = 8;
    private static final int FLAG_NO_TIME = 16;
    private static final int FLAG_PENDING_REFERENCED = 32;
    private static final int FLAG_RELATIVE_WIDTHS = 64;
    private static final int FLAG_ARRIVAL = 128;
    private static final int BASELINE_SCORED_CAP = 0x3FFF; // two varint bytes; only the first 2,000 matter

    private final ForecastSettings settings;
    private final TrackedSteps tracked;

    public SeriesStateCodec(ForecastSettings settings) {
        this.settings = settings;
        this.tracked = new TrackedSteps(settings.horizon());
    }

    public byte[] encode(SeriesState s) {
        PendingReference reference = new PendingReference(s, s.windowCount, settings.season(), tracked);
        if (!reference.fits(s.pending.length)) {
            reference = null;
        }
        // relative widths (OnlineCalibration) are stored in the series' units, like the other values: the quantum
        // is a fraction of the scale, far too coarse for a width of 0.1 forecasts
        boolean relativeWidths = OnlineCalibration.relative(s);
        float[] widths = relativeWidths ? scaled(s.widths, Math.abs(s.level)) : s.widths;
        QuantizedValues quantized = QuantizedValues.of(s, widths, reference);
        boolean seconds = s.lastEventMillis % 1000 == 0 && s.stepMillis % 1000 == 0
                && (s.candidateCount == 0 || s.candidateStepMillis % 1000 == 0);
        long unit = seconds ? 1000 : 1;
        boolean arrival = s.lastArrivalMillis != SeriesState.NO_TIME && s.lastEventMillis != SeriesState.NO_TIME;
        int hc = 0;
        if (s.h != null) {
            for (float[] layer : s.h) {
                hc += layer.length;
            }
        }
        int plainValues = quantized == null ? 4 * s.windowCount + 4 * s.widths.length + 4 * s.pending.length : 0;
        StateBytes out = new StateBytes(96 + 4 * (s.h == null ? 0 : s.h.length) + 4 * hc + plainValues
                + (quantized == null ? 0 : 1 + quantized.bytes()));
        int flags = (s.h != null ? FLAG_MODEL_STATE : 0) | (quantized != null ? FLAG_QUANTIZED : 0)
                | (s.candidateCount > 0 ? FLAG_CANDIDATE : 0) | (seconds ? FLAG_SECONDS : 0)
                | (s.lastEventMillis == SeriesState.NO_TIME ? FLAG_NO_TIME : 0)
                | (quantized != null && reference != null ? FLAG_PENDING_REFERENCED : 0)
                | (relativeWidths ? FLAG_RELATIVE_WIDTHS : 0) | (arrival ? FLAG_ARRIVAL : 0);
        out.u8(LAYOUT_VERSION).u8(flags);
        if (s.lastEventMillis != SeriesState.NO_TIME) {
            out.varint(Varints.zigzag(s.lastEventMillis / unit));
        }
        if (arrival) { // whole seconds after the last event time: a byte for live data, five for a 2014 backfill
            out.varint(Varints.zigzag(Math.floorDiv(s.lastArrivalMillis, 1000)
                    - Math.floorDiv(s.lastEventMillis, 1000)));
        }
        out.varint(s.stepMillis / unit);
        if (s.candidateCount > 0) {
            out.u8(Math.min(s.candidateCount, 0xFF)).varint(s.candidateStepMillis / unit);
        }
        out.varint(s.seen);
        out.f32(s.level).f32(s.scale).varint(s.scaleCount);
        out.f32(s.logScale).varint(s.logScaleCount).varint(s.positiveRun);
        out.f32(s.naiveError).f32(s.seasonalError).f32(s.medianError)
                .varint(Math.min(s.baselineScored, BASELINE_SCORED_CAP));
        out.f32(s.accModelAbsError).f32(s.accSeasonalNaiveAbsError).f32(s.accCoverage).varint(s.scored);
        out.varint(s.windowCount).u8(s.widths.length).varint(s.pending.length).varint(settings.season());
        if (s.h != null) {
            out.i32(s.modelId).u8(s.h.length);
            for (float[] layer : s.h) {
                out.varint(layer.length);
            }
            for (int l = 0; l < s.h.length; l++) {
                for (float v : s.h[l]) {
                    out.u8(hiddenByte(v));
                }
                for (float v : s.c[l]) {
                    out.f16(v);
                }
            }
        }
        if (quantized == null) {
            for (int i = 0; i < s.windowCount; i++) {
                out.f32(s.window[(s.windowHead + i) % s.window.length]);
            }
            for (float w : widths) {
                out.f32(w);
            }
            for (float p : s.pending) {
                out.f32(p);
            }
        } else {
            quantized.writeTo(out);
        }
        return out.toArray();
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
        if (version != LAYOUT_VERSION) {
            throw new IllegalArgumentException("unknown series state layout " + version + " (this codec reads "
                    + LAYOUT_VERSION + ")");
        }
        int flags = Byte.toUnsignedInt(in.get());
        long unit = (flags & FLAG_SECONDS) != 0 ? 1000 : 1;
        SeriesState s = new SeriesState(settings.window(), tracked);
        s.lastEventMillis = (flags & FLAG_NO_TIME) != 0 ? SeriesState.NO_TIME
                : Varints.unzigzag(Varints.read(in)) * unit;
        if ((flags & FLAG_ARRIVAL) != 0) {
            if (s.lastEventMillis == SeriesState.NO_TIME) {
                throw new IllegalArgumentException("an arrival time without an event time");
            }
            s.lastArrivalMillis = (Math.floorDiv(s.lastEventMillis, 1000) + Varints.unzigzag(Varints.read(in)))
                    * 1000;
        }
        s.stepMillis = Varints.read(in) * unit;
        if ((flags & FLAG_CANDIDATE) != 0) {
            s.candidateCount = Byte.toUnsignedInt(in.get());
            s.candidateStepMillis = Varints.read(in) * unit;
        }
        s.seen = intVarint(in);
        s.level = in.getFloat();
        s.scale = in.getFloat();
        s.scaleCount = intVarint(in);
        s.logScale = in.getFloat();
        s.logScaleCount = Math.min(intVarint(in), SeriesNormalization.SCALE_MEMORY);
        s.positiveRun = Math.min(intVarint(in), SeriesNormalization.MAX_RUN);
        s.naiveError = in.getFloat();
        s.seasonalError = in.getFloat();
        s.medianError = in.getFloat();
        s.baselineScored = intVarint(in);
        s.accModelAbsError = in.getFloat();
        s.accSeasonalNaiveAbsError = in.getFloat();
        s.accCoverage = in.getFloat();
        s.scored = intVarint(in);
        int count = intVarint(in);
        int widthCount = Byte.toUnsignedInt(in.get());
        int pendingCount = intVarint(in);
        if (count > 0xFFFF || pendingCount > 0xFFFF) {
            throw new IllegalArgumentException("window of " + count + " or " + pendingCount + " pending points");
        }
        int season = intVarint(in);
        if (season < 1 || season > 0xFFFF) {
            throw new IllegalArgumentException("season of " + season);
        }
        PendingReference reference = (flags & FLAG_PENDING_REFERENCED) == 0 ? null
                : new PendingReference(s, count, season, tracked);
        float[][] h = null;
        float[][] c = null;
        int modelId = SeriesState.NO_MODEL;
        if ((flags & FLAG_MODEL_STATE) != 0) {
            modelId = in.getInt();
            int layers = Byte.toUnsignedInt(in.get());
            int[] sizes = new int[layers];
            long bytes = 0;
            for (int l = 0; l < layers; l++) {
                sizes[l] = intVarint(in);
                bytes += 3L * sizes[l];
            }
            if (bytes > in.remaining()) { // checked before allocating: corrupt widths must not cost memory
                throw new IllegalArgumentException("carried state of " + bytes + " bytes exceeds the "
                        + in.remaining() + " left");
            }
            h = new float[layers][];
            c = new float[layers][];
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
        }
        float[] window = new float[count];
        float[] w = new float[widthCount];
        float[] p = new float[pendingCount];
        if ((flags & FLAG_QUANTIZED) == 0) {
            readFloats(in, window);
            readFloats(in, w);
            readFloats(in, p);
        } else {
            QuantizedValues.read(in, window, w, p, reference);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " trailing bytes after series state");
        }
        for (float v : window) {
            s.push(v); // a smaller window keeps the newest values
        }
        if ((flags & FLAG_RELATIVE_WIDTHS) != 0) {
            w = scaled(w, 1 / Math.abs(s.level));
        }
        if (h != null && count <= s.window.length) {
            s.modelId = modelId;
            s.h = h;
            s.c = c;
        }
        restoreCalibration(s, w, p);
        // widths stored relative (or not) for a state that, read under these settings (another window), is the
        // other way are converted at its level, as a key's are when its values change sign
        OnlineCalibration.unitsChanged(s, (flags & FLAG_RELATIVE_WIDTHS) != 0);
        return s;
    }

    /** The values times {@code factor}, as floats (non-finite values stay what they were). */
    private static float[] scaled(float[] values, double factor) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) (values[i] * factor);
        }
        return out;
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

    private static void readFloats(ByteBuffer in, float[] values) {
        for (int j = 0; j < values.length; j++) {
            values[j] = in.getFloat();
        }
    }

    /** The stored interval widths and pending points, if they are for this horizon's tracked steps. */
    private static SeriesState restoreCalibration(SeriesState s, float[] widths, float[] pending) {
        if (widths.length == s.widths.length && pending.length == s.pending.length) {
            System.arraycopy(widths, 0, s.widths, 0, widths.length);
            System.arraycopy(pending, 0, s.pending, 0, pending.length);
        } else {
            Arrays.fill(s.widths, Float.NaN); // another horizon: calibration restarts
        }
        return s;
    }

    private static int intVarint(ByteBuffer in) {
        long v = Varints.read(in);
        if (v < 0 || v > Integer.MAX_VALUE) { // ten bytes can reach the sign bit
            throw new IllegalArgumentException("count " + v + " out of range");
        }
        return (int) v;
    }
}
