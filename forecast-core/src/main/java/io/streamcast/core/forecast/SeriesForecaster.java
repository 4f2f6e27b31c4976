package io.streamcast.core.forecast;

import io.streamcast.core.domain.AccuracyReport;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.model.Feature;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.ServingModel;
import io.streamcast.core.model.StepKernel;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-key forecasting state machine: one observation in, at most one forecast out, one LSTM step.
 *
 * <p>For each observation it (1) drops duplicates and late records, (2) forward-fills short gaps or resets the
 * sequence after long ones, (3) scores the key's earlier forecasts whose target is this observation and
 * recalibrates the intervals, (4) updates normalization and the window, (5) advances the carried LSTM state by
 * one step (or re-primes it from the window when the model changed), and (6) emits the H-step forecast:
 * seasonal naive plus the model's correction, with split-conformal intervals.
 *
 * <p>Without a model, or while a key's window is shorter than the model's, forecasts are the baseline
 * (seasonal naive, or naive until m values exist) tagged {@link Forecast#BASELINE_VERSION}.
 *
 * <p>Used by one thread (it owns scratch buffers); the same class serves the topology and offline evaluation.
 */
public final class SeriesForecaster {
    /** Relative step of the multiplicative quantile tracking that calibrates interval widths. */
    static final double WIDTH_LEARNING_RATE = 0.1;
    /** Smoothing of the per-key rolling accuracy (after the first 1/ACCURACY_ALPHA scored points). */
    static final double ACCURACY_ALPHA = 0.01;
    /** Interval half-width before a step has seen a residual: this many scales times sqrt(step). */
    static final double PRIOR_WIDTH_SCALES = 2.0;
    /**
     * Smoothing of the baseline choice statistics: a memory of about 2,000 scored points (some 300–400
     * observations at five to seven tracked steps). A memory of ~500 points let ec2_cpu_utilization switch to
     * naive for stretches where it was locally better, which cost 6 % MASE over the series (docs/accuracy.md).
     */
    static final double BASELINE_ALPHA = 0.0005;
    /** Baseline points scored before a key may switch from seasonal naive to naive. */
    static final int BASELINE_EVIDENCE = 50;
    /** Scored points enter the score summary (the metrics) once the scale rests on this many differences. */
    static final int SETTLED_SCALE = 20;

    private final ForecastSettings settings;
    private final TrackedSteps tracked;
    private final double missRate;
    private float[] features = new float[0];
    private final float[] output;
    private final double[] widthsByStep;
    private final double[] means; // scratch: the last built forecast's point means
    private final float[] baselineByStep;
    private final float[] medianScratch = new float[MEDIAN_SPAN];

    public SeriesForecaster(ForecastSettings settings) {
        this.settings = settings;
        this.tracked = new TrackedSteps(settings.horizon());
        this.missRate = 1 - settings.coverage();
        this.output = new float[settings.horizon()];
        this.widthsByStep = new double[settings.horizon()];
        this.means = new double[settings.horizon()];
        this.baselineByStep = new float[settings.horizon()];
    }

    public ForecastSettings settings() {
        return settings;
    }

    public TrackedSteps trackedSteps() {
        return tracked;
    }

    /** A fresh state for a key never seen before. */
    public SeriesState newState() {
        return new SeriesState(settings.window(), tracked);
    }

    /** Why a model cannot serve under these settings, or null when it can. */
    public String incompatibility(ModelMetadata m) {
        if (m.horizon() != settings.horizon()) {
            return "model horizon " + m.horizon() + " != service horizon " + settings.horizon();
        }
        if (m.season() != settings.season()) {
            return "model season " + m.season() + " != service season " + settings.season();
        }
        if (m.window() > settings.window()) {
            return "model window " + m.window() + " > service window " + settings.window();
        }
        return null;
    }

    /**
     * Offers one observation to a key.
     *
     * @param model the model serving this task, or null for the baseline; must be compatible
     */
    public StepOutcome observe(SeriesState s, Observation o, ServingModel model) {
        long ts = o.timestampMillis();
        int filled = 0;
        boolean reset = false;
        if (s.lastEventMillis != SeriesState.NO_TIME) {
            if (ts == s.lastEventMillis) {
                return StepOutcome.DUPLICATE;
            }
            if (ts < s.lastEventMillis) {
                return StepOutcome.LATE;
            }
            long delta = ts - s.lastEventMillis;
            StepInference.observe(s, delta);
            long missing = Math.max(0, Math.round((double) delta / s.stepMillis) - 1);
            if (missing > settings.maxGapFill()) {
                s.resetSequence();
                reset = true;
            } else {
                float last = s.valueAt(0);
                for (int i = 1; i <= missing; i++) {
                    fill(s, last, s.lastEventMillis + i * s.stepMillis, model);
                }
                filled = (int) missing;
            }
        }
        float y = (float) o.value();
        trackBaselines(s, y, tracked, settings.season(), medianScratch);
        ScoreSummary score = score(s, y);
        SeriesNormalization.update(s, y, settings.season());
        s.push(y);

        int before = s.modelId;
        boolean modelUsed = advanceModel(s, ts, model);
        boolean primed = modelUsed && before != s.modelId;

        Forecast forecast = buildForecast(s, o.seriesId(), ts, modelUsed ? model.version() : Forecast.BASELINE_VERSION,
                modelUsed);
        rotatePending(s, means, s.valueAt(0));
        s.lastEventMillis = ts;
        if (s.seen < Integer.MAX_VALUE) {
            s.seen++;
        }
        return new StepOutcome(StepOutcome.Kind.FORECAST, forecast, score, primed, filled, reset);
    }

    /** A forward-filled step: the window and carried state advance, nothing is scored or emitted. */
    private void fill(SeriesState s, float value, long ts, ServingModel model) {
        rotatePending(s, null, 0f);
        s.push(value);
        if (model != null && carries(s, model)) {
            stepNewest(s, ts, model);
        }
    }

    /** Advances (or primes) the carried state; returns whether {@link #output} holds a model output. */
    private boolean advanceModel(SeriesState s, long ts, ServingModel model) {
        if (model == null || s.windowCount < model.window()) {
            s.dropModelState();
            return false;
        }
        if (carries(s, model)) {
            stepNewest(s, ts, model);
            return outputIsFinite(s);
        }
        // New key for this model, or state carried from another model: rebuild it from the window.
        StepKernel kernel = model.kernel();
        s.h = kernel.zeroState();
        s.c = kernel.zeroState();
        long step = stepOrDefault(s);
        for (int age = model.window() - 1; age >= 0; age--) {
            encode(s, age, ts - age * step, model.features());
            kernel.step(features, s.h, s.c, output);
        }
        s.modelId = model.versionId();
        return outputIsFinite(s);
    }

    /** A model that diverges on some input must not crash the service: serve the baseline and re-prime later. */
    private boolean outputIsFinite(SeriesState s) {
        for (float v : output) {
            if (!Float.isFinite(v)) {
                s.dropModelState();
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the key's carried state belongs to {@code model} and fits its kernel. The shape check matters for
     * a state that was stored corrupted or forged with the right model id: it is re-primed, not stepped.
     */
    private static boolean carries(SeriesState s, ServingModel model) {
        return s.modelId == model.versionId() && s.h != null && model.kernel().fits(s.h, s.c);
    }

    private void stepNewest(SeriesState s, long ts, ServingModel model) {
        encode(s, 0, ts, model.features());
        model.kernel().step(features, s.h, s.c, output);
    }

    private void encode(SeriesState s, int age, long ts, Feature[] fs) {
        if (features.length != fs.length) {
            features = new float[fs.length]; // kernels take exactly the model's inputs
        }
        int seasonalAge = age + settings.season();
        double seasonal = seasonalAge < s.windowCount ? s.valueAt(seasonalAge) : Double.NaN;
        Feature.encode(fs, s.valueAt(age), seasonal, ts, s.level, SeriesNormalization.effectiveScale(s), features);
    }

    /**
     * The forecast a key emitted at its last observation, recomputed from its state without changing it: the
     * output layer over the carried hidden state, the key's baseline from its window, the interval widths as
     * calibrated then. Equal to the emitted forecast while {@code model} is the model that state was carried
     * for; if the key has a carried state from another model (a swap happened since its last observation), the
     * answer is what {@code model} makes of the key's window, as its next observation would re-prime it.
     *
     * @param model the model serving now, or null for the baseline; must be compatible
     * @return the forecast, or null for a key without observations
     */
    public Forecast latest(SeriesState s, String series, ServingModel model) {
        if (s.lastEventMillis == SeriesState.NO_TIME || s.windowCount == 0) {
            return null;
        }
        boolean modelUsed = false;
        if (model != null && s.h != null && s.windowCount >= model.window()) {
            StepKernel kernel = model.kernel();
            if (carries(s, model)) {
                kernel.readout(s.h[s.h.length - 1], output);
            } else {
                float[][] h = kernel.zeroState();
                float[][] c = kernel.zeroState();
                long step = stepOrDefault(s);
                for (int age = model.window() - 1; age >= 0; age--) {
                    encode(s, age, s.lastEventMillis - age * step, model.features());
                    kernel.step(features, h, c, output);
                }
            }
            modelUsed = true;
            for (float v : output) {
                modelUsed &= Float.isFinite(v);
            }
        }
        return buildForecast(s, series, s.lastEventMillis, modelUsed ? model.version() : Forecast.BASELINE_VERSION,
                modelUsed);
    }

    /** The key's rolling accuracy as of its last observation, as the forecast-accuracy topic carries it. */
    public AccuracyReport accuracy(SeriesState s, String series, String modelVersion) {
        double scale = SeriesNormalization.effectiveScale(s);
        return new AccuracyReport(series, s.lastEventMillis, modelVersion, s.scored, s.accModelAbsError,
                s.accBaselineAbsError, s.accModelAbsError / scale, s.accCoverage, settings.coverage());
    }

    /** Builds the forecast from the state and {@link #output}; leaves the point means in {@link #means}. */
    private Forecast buildForecast(SeriesState s, String series, long origin, String version, boolean modelUsed) {
        int horizon = settings.horizon();
        double scale = SeriesNormalization.effectiveScale(s);
        long step = stepOrDefault(s);
        tracked.interpolate(s.widths, widthsByStep);
        List<ForecastPoint> points = new ArrayList<>(horizon);
        baselines(s, settings.season(), medianScratch, baselineByStep);
        for (int j = 1; j <= horizon; j++) {
            double mean = baselineByStep[j - 1];
            if (modelUsed) {
                mean += scale * output[j - 1];
            }
            double width = widthsByStep[j - 1];
            if (Double.isNaN(width)) {
                width = priorWidth(scale, j);
            }
            means[j - 1] = mean;
            // 32-bit floats, the precision of the window they come from: digits beyond it would be noise on
            // the wire (ForecastCodec). Rounding is monotone, so lower <= mean <= upper still holds.
            points.add(new ForecastPoint(j, origin + j * step, toFloat(mean), toFloat(mean - width),
                    toFloat(mean + width)));
        }
        return new Forecast(series, origin, version, points);
    }

    private static float toFloat(double v) {
        return (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, v));
    }

    /** Values the local-median baseline takes the median of: an hour of 5-minute data, half a day of hourly. */
    static final int MEDIAN_SPAN = 12;
    static final int SEASONAL_NAIVE = 0;
    static final int NAIVE = 1;
    static final int LOCAL_MEDIAN = 2;

    /**
     * The key's baseline for steps 1..H from the newest value, into {@code out} (see {@link #baselineKind}).
     */
    static void baselines(SeriesState s, int m, float[] scratch, float[] out) {
        int kind = baselineKind(s, m);
        if (kind == SEASONAL_NAIVE) {
            for (int j = 1; j <= out.length; j++) {
                out[j - 1] = s.valueAt(m * ((j + m - 1) / m) - j);
            }
        } else {
            java.util.Arrays.fill(out, kind == NAIVE ? s.valueAt(0) : median(s, 0, scratch));
        }
    }

    /**
     * A key's baseline is seasonal naive, y[t + j - m*ceil(j/m)], unless another simple forecaster has been
     * better: naive (the last value) before m values exist; later, over at least {@link #BASELINE_EVIDENCE}
     * scored points, whichever of naive and the local median (of the last {@link #MEDIAN_SPAN} values) has the
     * lower rolling error, if that is 5 % below seasonal naive's. Seasonal series keep seasonal naive,
     * random-walk like ones (prices) get naive, and spiky ones (CPU utilization, request counts) the median,
     * which ignores isolated spikes. The model corrects whichever the key has, and training replays the same
     * choice ({@link FeatureTrace}).
     */
    static int baselineKind(SeriesState s, int m) {
        if (s.windowCount < m) {
            return NAIVE;
        }
        if (s.baselineScored < BASELINE_EVIDENCE) {
            return SEASONAL_NAIVE;
        }
        float seasonal = 0.95f * s.seasonalError;
        if (s.medianError < seasonal && s.medianError <= s.naiveError && s.windowCount >= MEDIAN_SPAN) {
            return LOCAL_MEDIAN;
        }
        return s.naiveError < seasonal ? NAIVE : SEASONAL_NAIVE;
    }

    /** The median of the {@link #MEDIAN_SPAN} values from {@code age} back. */
    static float median(SeriesState s, int age, float[] scratch) {
        int n = Math.min(MEDIAN_SPAN, s.windowCount - age);
        for (int i = 0; i < n; i++) {
            scratch[i] = s.valueAt(age + i);
        }
        java.util.Arrays.sort(scratch, 0, n);
        return n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
    }

    /**
     * Scores what naive, seasonal naive and the local median made k steps ago (tracked k) against the new value,
     * before it enters the window, on the steps where the window holds all three; needs only the window, so
     * serving and training compute the same statistics.
     */
    static void trackBaselines(SeriesState s, float y, TrackedSteps tracked, int m, float[] scratch) {
        for (int i = 0; i < tracked.count(); i++) {
            int k = tracked.step(i);
            int seasonalAge = m * ((k + m - 1) / m) - 1;
            if (seasonalAge >= s.windowCount || k - 1 + MEDIAN_SPAN > s.windowCount) {
                continue;
            }
            double alpha = Math.max(BASELINE_ALPHA, 1.0 / (s.baselineScored + 1));
            s.naiveError += (float) (alpha * (Math.abs(y - s.valueAt(k - 1)) - s.naiveError));
            s.seasonalError += (float) (alpha * (Math.abs(y - s.valueAt(seasonalAge)) - s.seasonalError));
            s.medianError += (float) (alpha * (Math.abs(y - median(s, k - 1, scratch)) - s.medianError));
            if (s.baselineScored < Integer.MAX_VALUE) {
                s.baselineScored++;
            }
        }
    }

    private static double priorWidth(double scale, int step) {
        return PRIOR_WIDTH_SCALES * scale * Math.sqrt(step);
    }

    private long stepOrDefault(SeriesState s) {
        return s.stepMillis > 0 ? s.stepMillis : settings.defaultStep().toMillis();
    }

    /**
     * Shifts every tracked step's ring by one: the oldest entry (now scored or expired) leaves, the new
     * forecast's point for that step enters as an offset from the origin value (NaN when no forecast was made).
     */
    private void rotatePending(SeriesState s, double[] means, float originValue) {
        short[] pending = s.pending;
        for (int i = 0; i < tracked.count(); i++) {
            int k = tracked.step(i);
            int offset = tracked.pendingOffset(i);
            System.arraycopy(pending, offset + 1, pending, offset, k - 1);
            pending[offset + k - 1] = means == null ? Half.NaN : Half.fromFloat((float) (means[k - 1] - originValue));
        }
    }

    /** Scores the forecasts made k steps ago (k tracked) against the new value, before it enters the window. */
    private ScoreSummary score(SeriesState s, float y) {
        int m = settings.season();
        double scale = SeriesNormalization.effectiveScale(s);
        int n = 0;
        int covered = 0;
        double abs = 0;
        double baselineAbs = 0;
        double[] byStep = null;
        double[] baselineByStep = null;
        for (int i = 0; i < tracked.count(); i++) {
            int k = tracked.step(i);
            float offset = Half.toFloat(s.pending[tracked.pendingOffset(i)]);
            int baselineAge = m * ((k + m - 1) / m) - 1; // seasonal naive of origin t-k for step k, seen from t
            if (Float.isNaN(offset) || k - 1 >= s.windowCount || baselineAge >= s.windowCount) {
                continue;
            }
            double forecast = s.valueAt(k - 1) + offset;
            double error = Math.abs(y - forecast);
            double baselineError = Math.abs(y - s.valueAt(baselineAge));
            float width = s.widths[i];
            double usedWidth = Float.isNaN(width) ? priorWidth(scale, k) : width;
            boolean hit = error <= usedWidth;
            // Online split-conformal: track the coverage-quantile of |residual| per step (multiplicative steps).
            if (Float.isNaN(width)) {
                s.widths[i] = (float) error;
            } else {
                double eta = WIDTH_LEARNING_RATE * Math.max(width, 0.01 * scale);
                s.widths[i] = (float) Math.max(0, width + eta * ((error > width ? 1 : 0) - missRate));
            }
            double alpha = Math.max(ACCURACY_ALPHA, 1.0 / (s.scored + 1));
            s.accModelAbsError += (float) (alpha * (error - s.accModelAbsError));
            s.accBaselineAbsError += (float) (alpha * (baselineError - s.accBaselineAbsError));
            s.accCoverage += (float) (alpha * ((hit ? 1 : 0) - s.accCoverage));
            if (s.scored < Integer.MAX_VALUE) {
                s.scored++;
            }
            if (s.scaleCount < SETTLED_SCALE) {
                continue; // a scale from a handful of differences would blow scaled errors up
            }
            if (byStep == null) {
                byStep = new double[tracked.count()];
                baselineByStep = new double[tracked.count()];
                java.util.Arrays.fill(byStep, Double.NaN);
                java.util.Arrays.fill(baselineByStep, Double.NaN);
            }
            byStep[i] = error / scale;
            baselineByStep[i] = baselineError / scale;
            n++;
            covered += hit ? 1 : 0;
            abs += error;
            baselineAbs += baselineError;
        }
        return n == 0 ? ScoreSummary.NONE
                : new ScoreSummary(n, abs, baselineAbs, abs / scale, baselineAbs / scale, covered, byStep,
                        baselineByStep);
    }
}
