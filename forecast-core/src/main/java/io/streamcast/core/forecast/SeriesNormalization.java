package io.streamcast.core.forecast;

/**
 * Per-series scaling, identical for serving and training so that a model sees the same numbers in both.
 *
 * <p>The level is an exponentially smoothed mean ({@link #LEVEL_ALPHA}); the scale is the running mean of the
 * absolute seasonal difference |y(t) - y(t-m)| (|y(t) - y(t-1)| until m values exist), i.e. the in-sample
 * seasonal-naive MAE that MASE divides by. After {@link #SCALE_MEMORY} observations the mean becomes an
 * exponential average, so the scale follows slow regime changes. Model outputs are corrections to seasonal
 * naive in units of this scale, so errors are weighted the way MASE weighs them.
 */
public final class SeriesNormalization {
    public static final String SCHEME = "ema-level/snaive-mae-scale";
    public static final double LEVEL_ALPHA = 0.1;
    public static final int SCALE_MEMORY = 1000;

    private SeriesNormalization() {}

    /** Folds a new value into the statistics; call before the value enters the window. */
    public static void update(SeriesState state, float value, int season) {
        if (state.windowCount == 0 && state.scaleCount == 0) {
            state.level = value;
            return;
        }
        state.level += (float) (LEVEL_ALPHA * (value - state.level));
        int lag = state.windowCount >= season ? season : 1;
        if (state.windowCount >= lag) {
            float diff = Math.abs(value - state.valueAt(lag - 1));
            state.scaleCount = Math.min(state.scaleCount + 1, SCALE_MEMORY);
            state.scale += (diff - state.scale) / state.scaleCount;
        }
    }

    /** The scale used to normalize: never zero, so constant series normalize to 0 instead of NaN. */
    public static double effectiveScale(SeriesState state) {
        return Math.max(state.scale, 1e-6 * Math.max(1.0, Math.abs(state.level)));
    }
}
