package io.streamcast.core.forecast;

/**
 * Per-series scaling, identical for serving and training so that a model sees the same numbers in both.
 *
 * <p>The level is an exponentially smoothed mean ({@link #LEVEL_ALPHA}); the scale is the running mean of the
 * absolute seasonal difference |y(t) - y(t-m)| (|y(t) - y(t-1)| until m values exist), i.e. the in-sample
 * seasonal-naive MAE that MASE divides by. After {@link #SCALE_MEMORY} observations the mean becomes an
 * exponential average, so the scale follows slow regime changes. Model outputs are corrections to seasonal
 * naive in units of this scale, so errors are weighted the way MASE weighs them.
 *
 * <p>Owns a key's {@link NormalizationStatistics}: the only class that changes them.
 */
public final class SeriesNormalization {
    public static final double LEVEL_ALPHA = 0.1;
    public static final int SCALE_MEMORY = 1000;
    /** Where {@link SeriesState#positiveRun()} saturates: longer than any window. */
    public static final int MAX_RUN = 0xFFFF;
    /** The smallest log scale used to normalize: a 0.01 % change, so constant series normalize to 0, not NaN. */
    static final double MIN_LOG_SCALE = 1e-4;

    private SeriesNormalization() {}

    /** Folds a new value into the statistics; call before the value enters the window. */
    public static void update(SeriesState key, float value, int season) {
        NormalizationStatistics state = key.statistics;
        ValueWindow window = key.window;
        updateLog(state, window, value, season);
        if (window.count() == 0 && state.scaleCount == 0) {
            state.level = value;
            return;
        }
        state.level += (float) (LEVEL_ALPHA * (value - state.level));
        int lag = window.count() >= season ? season : 1;
        if (window.count() >= lag) {
            float diff = Math.abs(value - window.valueAt(lag - 1));
            state.scaleCount = Math.min(state.scaleCount + 1, SCALE_MEMORY);
            state.scale += (diff - state.scale) / state.scaleCount;
        }
    }

    /**
     * The log statistics: the positive run, and the running mean of |ln y(t) - ln y(t-m)| (lag 1 until m values
     * exist) over the pairs inside it, with the same memory as the scale. A value <= 0 ends the run and the mean
     * restarts with the next one, so a log model sees statistics of positive values only.
     */
    private static void updateLog(NormalizationStatistics state, ValueWindow window, float value, int season) {
        if (!(value > 0)) {
            state.positiveRun = 0;
            state.logScale = 0;
            state.logScaleCount = 0;
            return;
        }
        int run = state.positiveRun; // positive values before this one, all in the window when the run is shorter
        int lag = window.count() >= season ? season : 1;
        if (run >= lag && window.count() >= lag) {
            double diff = Math.abs(Math.log(value) - Math.log(window.valueAt(lag - 1)));
            state.logScaleCount = Math.min(state.logScaleCount + 1, SCALE_MEMORY);
            state.logScale += (float) ((diff - state.logScale) / state.logScaleCount);
        }
        state.positiveRun = Math.min(run + 1, MAX_RUN);
    }

    /**
     * Whether the key's newest {@code values} values and its level are positive: what a log model reads, and what
     * relative interval widths need.
     */
    static boolean positive(SeriesState key, int values) {
        NormalizationStatistics state = key.statistics;
        return state.positiveRun >= values && state.level > 0;
    }

    /** The level in log space, ln(level); NaN when the level is not positive. */
    public static double logLevel(SeriesState key) {
        NormalizationStatistics state = key.statistics;
        return state.level > 0 ? Math.log(state.level) : Double.NaN;
    }

    /** The log scale used to normalize, at least {@link #MIN_LOG_SCALE}. */
    public static double effectiveLogScale(SeriesState key) {
        NormalizationStatistics state = key.statistics;
        return Math.max(state.logScale, MIN_LOG_SCALE);
    }

    /** The scale used to normalize: never zero, so constant series normalize to 0 instead of NaN. */
    public static double effectiveScale(SeriesState key) {
        NormalizationStatistics state = key.statistics;
        return Math.max(state.scale, 1e-6 * Math.max(1.0, Math.abs(state.level)));
    }
}
