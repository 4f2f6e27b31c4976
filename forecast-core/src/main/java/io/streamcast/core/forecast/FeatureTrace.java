package io.streamcast.core.forecast;

import io.streamcast.core.model.Feature;

/**
 * A series replayed through the serving state's normalization and window, step by step: the model inputs the
 * serving path computes at each observation, the scale it multiplies outputs by, and the seasonal-naive
 * baseline the outputs correct. Training builds its inputs and targets from this, so the numbers a model is
 * trained on are the numbers it is served.
 *
 * <p>Index-based: consecutive values are consecutive steps (serving additionally forward-fills short gaps in
 * event time; training and offline scoring, like the M4 protocol, do not).
 */
public final class FeatureTrace {
    private final int length;
    private final int horizon;
    private final float[][] features;
    private final float[] scales;
    private final float[][] baselines;
    private final float[] values;

    private FeatureTrace(int length, int horizon, float[][] features, float[] scales, float[][] baselines,
                         float[] values) {
        this.length = length;
        this.horizon = horizon;
        this.features = features;
        this.scales = scales;
        this.baselines = baselines;
        this.values = values;
    }

    public static FeatureTrace of(ForecastSettings settings, Feature[] fs, long[] timestamps, float[] values) {
        int n = values.length;
        int h = settings.horizon();
        int m = settings.season();
        TrackedSteps tracked = new TrackedSteps(h);
        SeriesState state = new SeriesState(settings.window(), tracked);
        float[][] features = new float[n][fs.length];
        float[] scales = new float[n];
        float[][] baselines = new float[n][h];
        float[] scratch = new float[BaselineChoice.MEDIAN_SPAN];
        for (int t = 0; t < n; t++) {
            float y = values[t];
            BaselineChoice.track(state, y, tracked, m, scratch);
            SeriesNormalization.update(state, y, m);
            state.push(y);
            double scale = SeriesNormalization.effectiveScale(state);
            double previous = 1 < state.windowCount ? state.valueAt(1) : Double.NaN;
            double seasonal = m < state.windowCount ? state.valueAt(m) : Double.NaN;
            Feature.encode(fs, y, previous, seasonal, timestamps[t], state.level, scale, features[t]);
            scales[t] = (float) scale;
            BaselineChoice.baselines(state, m, scratch, baselines[t]);
        }
        return new FeatureTrace(n, h, features, scales, baselines, values.clone());
    }

    public int length() {
        return length;
    }

    /** Model inputs at step t. */
    public float[] features(int t) {
        return features[t];
    }

    public float scale(int t) {
        return scales[t];
    }

    /** The forecast a zero model output gives for step j (1-based) at origin t: the key's baseline then. */
    public float baseline(int t, int j) {
        return baselines[t][j - 1];
    }

    /**
     * The training target for output j at origin t: the correction that turns the baseline into the actual
     * value, in units of the scale; NaN when t + j is past the end.
     */
    public float target(int t, int j) {
        if (t + j >= length) {
            return Float.NaN;
        }
        return (values[t + j] - baselines[t][j - 1]) / scales[t];
    }

    public int horizon() {
        return horizon;
    }
}
