package io.streamcast.core.forecast;

import io.streamcast.core.model.Feature;
import io.streamcast.core.model.Transform;

/**
 * A series replayed through the serving state's normalization and window, step by step: the model inputs the
 * serving path computes at each observation ({@link ModelInputs}, the same code), the scale it multiplies outputs
 * by, and the baseline the outputs correct, in the model's space. Training builds its inputs and targets from
 * this, so the numbers a model is trained on are the numbers it is served.
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
    private final boolean[] applies;

    private FeatureTrace(int length, int horizon, float[][] features, float[] scales, float[][] baselines,
                         float[] values, boolean[] applies) {
        this.length = length;
        this.horizon = horizon;
        this.features = features;
        this.scales = scales;
        this.baselines = baselines;
        this.values = values;
        this.applies = applies;
    }

    /** The trace of a model in the series' units without a second season (the inputs before either existed). */
    public static FeatureTrace of(ForecastSettings settings, Feature[] fs, long[] timestamps, float[] values) {
        return of(settings, fs, Transform.NONE, 0, false, timestamps, values);
    }

    /**
     * @param transform the model's space: baselines, values and scales are kept in it
     * @param season2   the model's second season (0 = none)
     * @param carry     whether the model corrects the carried seasonal baseline (its target says so)
     */
    public static FeatureTrace of(ForecastSettings settings, Feature[] fs, Transform transform, int season2,
                                  boolean carry, long[] timestamps, float[] values) {
        int n = values.length;
        int h = settings.horizon();
        int m = settings.season();
        ModelInputs inputs = new ModelInputs(fs, transform, h, m, season2, carry);
        TrackedSteps tracked = new TrackedSteps(h);
        SeriesState state = new SeriesState(settings.window(), tracked);
        float[][] features = new float[n][inputs.size()];
        float[] scales = new float[n];
        float[][] baselines = new float[n][h];
        float[] inSpace = new float[n];
        boolean[] applies = new boolean[n];
        float[] scratch = new float[BaselineChoice.MEDIAN_SPAN];
        for (int t = 0; t < n; t++) {
            float y = values[t];
            BaselineChoice.track(state, y, tracked, m, scratch);
            SeriesNormalization.update(state, y, m);
            state.window.push(y);
            inputs.encode(state, 0, timestamps[t], features[t]);
            scales[t] = (float) inputs.scale(state);
            applies[t] = inputs.applies(state, 1);
            BaselineChoice.baselines(state, m, scratch, baselines[t], carry);
            for (int j = 0; j < h; j++) {
                baselines[t][j] = (float) inputs.toSpace(baselines[t][j]);
            }
            inSpace[t] = (float) inputs.toSpace(y);
        }
        return new FeatureTrace(n, h, features, scales, baselines, inSpace, applies);
    }

    public int length() {
        return length;
    }

    /** Model inputs at step t. */
    public float[] features(int t) {
        return features[t];
    }

    /** The scale at step t, in the model's space. */
    public float scale(int t) {
        return scales[t];
    }

    /** The forecast a zero model output gives for step j (1-based) at origin t, in the model's space. */
    public float baseline(int t, int j) {
        return baselines[t][j - 1];
    }

    /**
     * The training target for output j at origin t: the correction that turns the baseline into the actual
     * value, in units of the scale, in the model's space; NaN when t + j is past the end, or when a value a log
     * model cannot take is involved (such origins are not trained on).
     */
    public float target(int t, int j) {
        if (t + j >= length || !applies[t]) {
            return Float.NaN;
        }
        float target = (values[t + j] - baselines[t][j - 1]) / scales[t];
        return Float.isFinite(target) ? target : Float.NaN;
    }

    public int horizon() {
        return horizon;
    }
}
