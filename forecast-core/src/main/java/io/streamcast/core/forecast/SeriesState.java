package io.streamcast.core.forecast;

import java.util.Arrays;

/**
 * Everything streamcast remembers about one series between two of its observations: the window of recent
 * values, the LSTM state carried across steps (and the model it belongs to), normalization statistics,
 * interval calibration, the past forecast points still waiting to be scored, and rolling accuracy.
 *
 * <p>Mutable and owned by one stream task at a time; {@link SeriesStateCodec} turns it into the compact bytes
 * the state store and its changelog hold. Sizes are fixed by the {@link ForecastSettings} and the serving
 * model, so a key's state never grows.
 */
public final class SeriesState {
    /** No observation yet. */
    public static final long NO_TIME = Long.MIN_VALUE;
    /** The model id of a key whose carried LSTM state belongs to no model (baseline only). */
    public static final int NO_MODEL = 0;

    // sequence
    long lastEventMillis = NO_TIME;
    /**
     * The wall-clock time the key's last observation was processed (NO_TIME: not known, a state of an earlier
     * layout): idle-key expiry needs a key idle on both clocks, so that a key backfilling old history keeps its
     * state while it arrives, and a record stamped far ahead cannot make live keys look idle.
     */
    long lastArrivalMillis = NO_TIME;
    long stepMillis;
    // a spacing seen on consecutive observations that does not match stepMillis, and how many times in a row
    // (StepInference adopts it after a few, so one odd pair cannot set the step for good)
    long candidateStepMillis;
    int candidateCount;
    int seen;

    /** True for the placeholder of a stored state that could not be decoded (see {@link #unreadable}). */
    private boolean unreadable;

    // normalization: exponentially smoothed level, and the running mean absolute seasonal difference
    // (the MASE scale), shared by serving and training through SeriesNormalization
    float level;
    float scale;
    int scaleCount;
    // the same scale of ln y over the key's current run of positive values (the positive run, saturating), for
    // models in log space (Transform.LOG); restarts when a value <= 0 breaks the run
    float logScale;
    int logScaleCount;
    int positiveRun;

    // which baseline fits this key: rolling |error| of naive, seasonal naive and the local median over the
    // tracked steps
    float naiveError;
    float seasonalError;
    float medianError;
    int baselineScored;

    // rolling accuracy over the tracked steps (exponential moving averages)
    float accModelAbsError;
    float accSeasonalNaiveAbsError;
    float accCoverage;
    int scored;

    // ring buffer of the last W values, oldest at head
    final float[] window;
    int windowCount;
    int windowHead;

    // carried LSTM state and the model it belongs to
    int modelId = NO_MODEL;
    float[][] h;
    float[][] c;

    // conformal half-widths per tracked step (NaN = not calibrated yet)
    final float[] widths;
    // pending forecast points per tracked step k: a ring of k entries, oldest first, holding the forecast
    // mean minus the value at its origin, in floats (NaN = no forecast made at that origin; stored as multiples of
    // the key's quantum, docs/state.md)
    final float[] pending;

    public SeriesState(int window, TrackedSteps tracked) {
        this.window = new float[window];
        this.widths = new float[tracked.count()];
        this.pending = new float[tracked.pendingSize()];
        Arrays.fill(widths, Float.NaN);
        Arrays.fill(pending, Float.NaN);
    }

    /**
     * A placeholder for a stored state whose bytes do not decode (corrupt, or written by an unknown layout): the
     * store's reader returns it instead of failing, and the forecaster's owner resets the key.
     */
    public static SeriesState unreadable(int window, TrackedSteps tracked) {
        SeriesState s = new SeriesState(window, tracked);
        s.unreadable = true;
        return s;
    }

    /** Whether this is the {@link #unreadable} placeholder rather than a key's state. */
    public boolean isUnreadable() {
        return unreadable;
    }

    public long lastEventMillis() {
        return lastEventMillis;
    }

    /** When (wall clock) the key's last observation was processed; {@link #NO_TIME} when not known. */
    public long lastArrivalMillis() {
        return lastArrivalMillis;
    }

    /** The key's observation was processed at this wall-clock time (the topology's clock, not the JSON's). */
    public void arrivedAt(long wallClockMillis) {
        lastArrivalMillis = wallClockMillis;
    }

    public long stepMillis() {
        return stepMillis;
    }

    /** Observations accepted for this key (not counting forward-filled steps), saturating. */
    public int seen() {
        return seen;
    }

    public int modelId() {
        return modelId;
    }

    public float level() {
        return level;
    }

    public float scale() {
        return scale;
    }

    /** The mean |ln y(t) - ln y(t-m)| over the key's current run of positive values (0 before two exist). */
    public float logScale() {
        return logScale;
    }

    /** Consecutive positive values up to the newest (saturating at {@link SeriesNormalization#MAX_RUN}). */
    public int positiveRun() {
        return positiveRun;
    }

    public int windowCount() {
        return windowCount;
    }

    /** The value {@code age} steps back: 0 is the newest. */
    public float valueAt(int age) {
        if (age < 0 || age >= windowCount) {
            throw new IndexOutOfBoundsException("age " + age + " outside window of " + windowCount);
        }
        return window[(windowHead + windowCount - 1 - age) % window.length];
    }

    /** The window's values, oldest first. */
    public float[] windowValues() {
        float[] values = new float[windowCount];
        for (int i = 0; i < windowCount; i++) {
            values[i] = window[(windowHead + i) % window.length];
        }
        return values;
    }

    void push(float value) {
        if (windowCount < window.length) {
            window[(windowHead + windowCount) % window.length] = value;
            windowCount++;
        } else {
            window[windowHead] = value;
            windowHead = (windowHead + 1) % window.length;
        }
    }

    /** Forgets the sequence (after a long gap): window, carried state and pending points; keeps statistics. */
    void resetSequence() {
        windowCount = 0;
        windowHead = 0;
        dropModelState();
        Arrays.fill(pending, Float.NaN);
    }

    void dropModelState() {
        modelId = NO_MODEL;
        h = null;
        c = null;
    }

    public float[][] hiddenState() {
        return h;
    }

    public float[][] cellState() {
        return c;
    }

    public float[] widths() {
        return widths;
    }

    public int scored() {
        return scored;
    }

    public float accModelAbsError() {
        return accModelAbsError;
    }

    public float accSeasonalNaiveAbsError() {
        return accSeasonalNaiveAbsError;
    }

    /** The rolling absolute error of naive (the last value) on this key, which the baseline choice compares. */
    public float naiveError() {
        return naiveError;
    }

    public float seasonalError() {
        return seasonalError;
    }

    public float medianError() {
        return medianError;
    }

    public float accCoverage() {
        return accCoverage;
    }
}
