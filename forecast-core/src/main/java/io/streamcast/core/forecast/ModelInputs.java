package io.streamcast.core.forecast;

import io.streamcast.core.model.Feature;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.Transform;

/**
 * What a model sees of a key: the inputs its metadata declares, computed from the key's window and statistics in
 * the model's {@link Transform} space, and how its outputs turn into forecast means. Serving (the carried step and
 * the re-prime, {@link CarriedModelStepper}) and training ({@link FeatureTrace}) both go through
 * {@link #encode}, so a model is served exactly the numbers it was trained on.
 *
 * <p>Owns scratch buffers: used by one thread.
 */
public final class ModelInputs {
    private final Feature[] features;
    private final Transform transform;
    private final int horizon;
    private final int season;
    private final int season2;
    private final boolean carry;
    private final int size;
    private final float[] baselineScratch;
    private final float[] medianScratch = new float[BaselineChoice.MEDIAN_SPAN];

    public ModelInputs(Feature[] features, Transform transform, int horizon, int season, int season2,
                       boolean carry) {
        this.features = features.clone();
        this.carry = carry;
        this.transform = transform;
        this.horizon = horizon;
        this.season = season;
        this.season2 = season2;
        this.size = Feature.inputSize(features, horizon);
        this.baselineScratch = new float[horizon];
    }

    /** The inputs of a model with this metadata (its transform must be known: bundles are validated first). */
    public static ModelInputs of(ModelMetadata m) {
        return new ModelInputs(m.featureArray(), m.transform(), m.horizon(), m.season(), m.season2(),
                m.carriesSeasonalDifference());
    }

    /** Whether the model corrects the carried seasonal baseline ({@link BaselineChoice#baselines}). */
    public boolean carry() {
        return carry;
    }

    /** Network inputs per step. */
    public int size() {
        return size;
    }

    public Transform transform() {
        return transform;
    }

    /**
     * Whether a model in this space can forecast the key: always in the series' units; in log space when its last
     * {@code window} values (everything the model reads) are positive and so are their statistics.
     */
    boolean applies(SeriesState s, int window) {
        return transform == Transform.NONE || SeriesNormalization.positive(s, window);
    }

    /** The key's level in the model's space. */
    double level(SeriesState s) {
        return transform == Transform.LOG ? SeriesNormalization.logLevel(s) : s.statistics.level();
    }

    /** The key's scale in the model's space: what outputs are in units of. */
    double scale(SeriesState s) {
        return transform == Transform.LOG ? SeriesNormalization.effectiveLogScale(s)
                : SeriesNormalization.effectiveScale(s);
    }

    /** A value in the model's space (NaN for a value a log model cannot take). */
    double toSpace(double value) {
        if (transform == Transform.LOG) {
            return value > 0 ? Math.log(value) : Double.NaN;
        }
        return value;
    }

    /**
     * The forecast mean for a baseline value and a model output (times the blend already in the network): the
     * baseline corrected by {@code scale * output} in the model's space. In log space the exponent is bounded so
     * that a wild output cannot make an infinite mean.
     */
    double mean(double baseline, double scale, float output) {
        if (transform == Transform.LOG) {
            return baseline * Math.exp(Math.max(-MAX_LOG_CORRECTION, Math.min(MAX_LOG_CORRECTION, scale * output)));
        }
        return baseline + scale * output;
    }

    /** e^20: beyond any correction a real series needs, short of overflowing a float from a float baseline. */
    static final double MAX_LOG_CORRECTION = 20;

    /**
     * The inputs at the key's value {@code age} steps back (0 = the newest), observed at {@code ts}, with the key's
     * current level, scale and baseline choice, into {@code out} ({@link #size()} values). Inputs that need a value
     * the window does not hold, or one the log cannot take, are 0 (as a feature "not known").
     */
    public void encode(SeriesState s, int age, long ts, float[] out) {
        double level = level(s);
        double scale = scale(s);
        double y = toSpace(s.window.valueAt(age));
        double previous = valueInSpace(s, age + 1);
        double seasonal = valueInSpace(s, age + season);
        double seasonal2 = season2 > 0 ? valueInSpace(s, age + season2) : Double.NaN;
        int i = 0;
        for (Feature f : features) {
            switch (f) {
                case VALUE -> out[i++] = finite((y - level) / scale);
                case SEASONAL_DIFF -> out[i++] = finite((y - seasonal) / scale);
                case DIFF -> out[i++] = finite((y - previous) / scale);
                case SEASON2_DIFF -> out[i++] = finite((y - seasonal2) / scale);
                case HOUR_SIN, HOUR_COS, DOW_SIN, DOW_COS -> out[i++] = (float) f.calendar(ts);
                case SEASON2_AHEAD -> {
                    ahead(s, age, scale, out, i);
                    i += horizon;
                }
            }
        }
    }

    /**
     * For each step j: the second season's naive forecast from the origin {@code age} back against the key's
     * baseline for that step, in scales, clipped ({@link Feature#AHEAD_CLIP}).
     */
    private void ahead(SeriesState s, int age, double scale, float[] out, int from) {
        BaselineChoice.baselines(s, season, age, medianScratch, baselineScratch, carry);
        for (int j = 1; j <= horizon; j++) {
            double second = season2 > 0 ? valueInSpace(s, age + season2 * ((j + season2 - 1) / season2) - j)
                    : Double.NaN;
            double d = (second - toSpace(baselineScratch[j - 1])) / scale;
            out[from + j - 1] = Double.isFinite(d) ? (float) Math.max(-Feature.AHEAD_CLIP,
                    Math.min(Feature.AHEAD_CLIP, d)) : 0f;
        }
    }

    private double valueInSpace(SeriesState s, int age) {
        ValueWindow window = s.window;
        return age < window.count() ? toSpace(window.valueAt(age)) : Double.NaN;
    }

    private static float finite(double v) {
        return Double.isFinite(v) ? (float) v : 0f;
    }
}
