package io.streamcast.core.forecast;

import io.streamcast.core.codec.Varints;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Compact binary form of a {@link SeriesState}: what the state store and its changelog hold per key.
 *
 * <p>Every record rewrites its key's state, so these bytes set the topology's throughput and how many keys
 * fit; layout and measured sizes are in {@code docs/state.md}. Layout 8, big-endian, varints unsigned LEB128
 * (zigzag where signed):
 * <pre>
 *   u8   layout version (8)
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
 *   u16 persistence of the seasonal difference, phi in 1/65536ths
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
 * <p>Written as the key's clock, then each part of the {@link SeriesState} by its own codec
 * ({@link NormalizationStatisticsCodec}, {@link BaselineErrorsCodec}, {@link RollingAccuracyCodec},
 * {@link CarriedLstmStateCodec}); the window, widths and pending points are coded together, as they share one
 * quantum and one bit stream ({@link QuantizedValues}).
 *
 * <p>A state written under other settings (a changed window or horizon) still decodes: the newest values that
 * fit are kept and calibration for a different set of tracked steps restarts. Bytes of any other layout are
 * rejected, not read: before 1.0 no earlier layout is kept (docs/compatibility.md).
 */
public final class SeriesStateCodec {
    static final int LAYOUT_VERSION = 8;
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

    private final ForecastSettings settings;
    private final TrackedSteps tracked;

    public SeriesStateCodec(ForecastSettings settings) {
        this.settings = settings;
        this.tracked = new TrackedSteps(settings.horizon());
    }

    public byte[] encode(SeriesState s) {
        ValueWindow window = s.window;
        PendingReference reference = new PendingReference(s, window.count(), settings.season(), tracked);
        if (!reference.fits(s.pending.size())) {
            reference = null;
        }
        // relative widths (OnlineCalibration) are stored in the series' units, like the other values: the quantum
        // is a fraction of the scale, far too coarse for a width of 0.1 forecasts
        boolean relativeWidths = OnlineCalibration.relative(s);
        float[] widths = relativeWidths ? scaled(s.widths.values(), Math.abs(s.statistics.level()))
                : s.widths.values();
        QuantizedValues quantized = QuantizedValues.of(s, widths, reference);
        boolean seconds = s.lastEventMillis % 1000 == 0 && s.stepMillis % 1000 == 0
                && (s.candidateCount == 0 || s.candidateStepMillis % 1000 == 0);
        boolean arrival = s.lastArrivalMillis != SeriesState.NO_TIME && s.lastEventMillis != SeriesState.NO_TIME;
        boolean carried = s.carried.isCarried();
        int plainValues = quantized == null ? 4 * (window.count() + widths.length + s.pending.size()) : 0;
        StateBytes out = new StateBytes(96 + CarriedLstmStateCodec.maxBytes(s.carried) + plainValues
                + (quantized == null ? 0 : 1 + quantized.bytes()));
        int flags = (carried ? FLAG_MODEL_STATE : 0) | (quantized != null ? FLAG_QUANTIZED : 0)
                | (s.candidateCount > 0 ? FLAG_CANDIDATE : 0) | (seconds ? FLAG_SECONDS : 0)
                | (s.lastEventMillis == SeriesState.NO_TIME ? FLAG_NO_TIME : 0)
                | (quantized != null && reference != null ? FLAG_PENDING_REFERENCED : 0)
                | (relativeWidths ? FLAG_RELATIVE_WIDTHS : 0) | (arrival ? FLAG_ARRIVAL : 0);
        out.u8(LAYOUT_VERSION).u8(flags);
        writeClock(out, s, seconds ? 1000 : 1, arrival);
        NormalizationStatisticsCodec.write(out, s.statistics);
        BaselineErrorsCodec.write(out, s.baselineErrors);
        RollingAccuracyCodec.write(out, s.accuracy);
        out.varint(window.count()).u8(widths.length).varint(s.pending.size()).varint(settings.season());
        if (carried) {
            CarriedLstmStateCodec.write(out, s.carried);
        }
        if (quantized == null) {
            for (int i = 0; i < window.count(); i++) {
                out.f32(window.oldestFirst(i));
            }
            for (float w : widths) {
                out.f32(w);
            }
            for (int p = 0; p < s.pending.size(); p++) {
                out.f32(s.pending.offset(p));
            }
        } else {
            quantized.writeTo(out);
        }
        return out.toArray();
    }

    /** The key's clock: last event and arrival times, step, candidate step, observations seen. */
    private static void writeClock(StateBytes out, SeriesState s, long unit, boolean arrival) {
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
        SeriesState s = new SeriesState(settings.window(), tracked);
        readClock(in, s, flags);
        NormalizationStatisticsCodec.read(in, s.statistics);
        BaselineErrorsCodec.read(in, s.baselineErrors);
        RollingAccuracyCodec.read(in, s.accuracy);
        int count = StateBytes.readCount(in);
        int widthCount = Byte.toUnsignedInt(in.get());
        int pendingCount = StateBytes.readCount(in);
        if (count > 0xFFFF || pendingCount > 0xFFFF) {
            throw new IllegalArgumentException("window of " + count + " or " + pendingCount + " pending points");
        }
        int season = StateBytes.readCount(in);
        if (season < 1 || season > 0xFFFF) {
            throw new IllegalArgumentException("season of " + season);
        }
        PendingReference reference = (flags & FLAG_PENDING_REFERENCED) == 0 ? null
                : new PendingReference(s, count, season, tracked);
        if ((flags & FLAG_MODEL_STATE) != 0) {
            // a state that fits only a longer window than this decoder's re-primes on the values it keeps
            CarriedLstmStateCodec.read(in, s.carried, count <= s.window.capacity());
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
            s.window.push(v); // a smaller window keeps the newest values
        }
        if ((flags & FLAG_RELATIVE_WIDTHS) != 0) {
            w = scaled(w, 1 / Math.abs(s.statistics.level()));
        }
        restoreCalibration(s, w, p);
        // widths stored relative (or not) for a state that, read under these settings (another window), is the
        // other way are converted at its level, as a key's are when its values change sign
        OnlineCalibration.unitsChanged(s, (flags & FLAG_RELATIVE_WIDTHS) != 0);
        return s;
    }

    private static void readClock(ByteBuffer in, SeriesState s, int flags) {
        long unit = (flags & FLAG_SECONDS) != 0 ? 1000 : 1;
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
        s.seen = StateBytes.readCount(in);
    }

    /** The values times {@code factor}, as floats (non-finite values stay what they were). */
    private static float[] scaled(float[] values, double factor) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) (values[i] * factor);
        }
        return out;
    }

    private static void readFloats(ByteBuffer in, float[] values) {
        for (int j = 0; j < values.length; j++) {
            values[j] = in.getFloat();
        }
    }

    /** The stored interval widths and pending points, if they are for this horizon's tracked steps. */
    private static void restoreCalibration(SeriesState s, float[] widths, float[] pending) {
        if (widths.length == s.widths.count() && pending.length == s.pending.size()) {
            s.widths.setAll(widths);
            for (int i = 0; i < pending.length; i++) {
                s.pending.set(i, pending[i]);
            }
        } else {
            s.widths.clear(); // another horizon: calibration restarts
        }
    }
}
