package io.streamcast.core.forecast;

/**
 * Everything streamcast remembers about one series between two of its observations, as parts that each have one
 * owner: the {@link ValueWindow} of recent values, the {@link NormalizationStatistics} ({@link SeriesNormalization}),
 * the {@link BaselineErrors} ({@link BaselineChoice}), the {@link CarriedLstmState} ({@link CarriedModelStepper}),
 * the {@link IntervalWidths} and {@link RollingAccuracy} ({@link OnlineCalibration}) and the
 * {@link PendingForecasts} still waiting to be scored; and the key's clock: its last event and arrival times, its
 * step ({@link StepInference}) and how many observations it has seen ({@link SeriesForecaster}).
 *
 * <p>Mutable and owned by one stream task at a time; {@link SeriesStateCodec} turns it into the compact bytes
 * the state store and its changelog hold, one part after the other. Sizes are fixed by the
 * {@link ForecastSettings} and the serving model, so a key's state never grows.
 */
public final class SeriesState {
    /** No observation yet. */
    public static final long NO_TIME = Long.MIN_VALUE;
    /** The model id of a key whose carried LSTM state belongs to no model (baseline only). */
    public static final int NO_MODEL = CarriedLstmState.NO_MODEL;

    long lastEventMillis = NO_TIME;
    /**
     * The wall-clock time the key's last observation was processed (NO_TIME: not known): idle-key expiry needs a
     * key idle on both clocks, so that a key backfilling old history keeps its state while it arrives, and a
     * record stamped far ahead cannot make live keys look idle.
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

    final ValueWindow window;
    final NormalizationStatistics statistics = new NormalizationStatistics();
    final BaselineErrors baselineErrors = new BaselineErrors();
    final RollingAccuracy accuracy = new RollingAccuracy();
    final CarriedLstmState carried = new CarriedLstmState();
    final IntervalWidths widths;
    final PendingForecasts pending;

    public SeriesState(int window, TrackedSteps tracked) {
        this.window = new ValueWindow(window);
        this.widths = new IntervalWidths(tracked);
        this.pending = new PendingForecasts(tracked);
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

    /** Forgets the sequence (after a long gap): window, carried state and pending points; keeps statistics. */
    void resetSequence() {
        window.clear();
        carried.drop();
        pending.clear();
    }

    public int modelId() {
        return carried.modelId();
    }

    public float[][] hiddenState() {
        return carried.hidden();
    }

    public float[][] cellState() {
        return carried.cell();
    }

    public float level() {
        return statistics.level();
    }

    public float scale() {
        return statistics.scale();
    }

    /** The mean |ln y(t) - ln y(t-m)| over the key's current run of positive values (0 before two exist). */
    public float logScale() {
        return statistics.logScale();
    }

    /** Consecutive positive values up to the newest (saturating at {@link SeriesNormalization#MAX_RUN}). */
    public int positiveRun() {
        return statistics.positiveRun();
    }

    public int windowCount() {
        return window.count();
    }

    /** The value {@code age} steps back: 0 is the newest. */
    public float valueAt(int age) {
        return window.valueAt(age);
    }

    /** The window's values, oldest first. */
    public float[] windowValues() {
        return window.toArray();
    }

    /** The interval half-widths per tracked step (NaN: not calibrated yet); the key's own array, not a copy. */
    public float[] widths() {
        return widths.values();
    }

    public int scored() {
        return accuracy.scored();
    }

    public float accModelAbsError() {
        return accuracy.modelAbsError();
    }

    public float accSeasonalNaiveAbsError() {
        return accuracy.seasonalNaiveAbsError();
    }

    public float accCoverage() {
        return accuracy.coverage();
    }

    /** The rolling absolute error of naive (the last value) on this key, which the baseline choice compares. */
    public float naiveError() {
        return baselineErrors.naive();
    }

    public float seasonalError() {
        return baselineErrors.seasonalNaive();
    }

    public float medianError() {
        return baselineErrors.median();
    }
}
