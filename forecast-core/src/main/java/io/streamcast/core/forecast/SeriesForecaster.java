package io.streamcast.core.forecast;

import io.streamcast.core.domain.AccuracyReport;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.model.ServingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-key forecasting state machine: one observation in, at most one forecast out, one LSTM step.
 *
 * <p>For each observation it (1) drops duplicates and late records, (2) forward-fills short gaps or resets the
 * sequence after long ones ({@link StepInference}), (3) scores the key's earlier forecasts whose target is this
 * observation and recalibrates the intervals ({@link OnlineCalibration}), (4) updates the baseline choice
 * ({@link BaselineChoice}), normalization and the window, (5) advances the carried LSTM state by one step, or
 * re-primes it from the window when the model changed ({@link CarriedModelStepper}), and (6) emits the H-step
 * forecast: the key's baseline plus the model's correction, with split-conformal intervals.
 *
 * <p>Without a model, or while a key's window is shorter than the model's, forecasts are the baseline
 * (seasonal naive, or naive until m values exist) tagged {@link Forecast#BASELINE_VERSION}.
 *
 * <p>Used by one thread (its parts own scratch buffers); the same class serves the topology and offline
 * evaluation.
 */
public final class SeriesForecaster {
    private final ForecastSettings settings;
    private final TrackedSteps tracked;
    private final OnlineCalibration calibration;
    private final CarriedModelStepper stepper;
    private final double[] widthsByStep;
    private final double[] means; // scratch of forecastMeans
    private final float[] baselineByStep;
    private final float[] medianScratch = new float[BaselineChoice.MEDIAN_SPAN];

    public SeriesForecaster(ForecastSettings settings) {
        this.settings = settings;
        this.tracked = new TrackedSteps(settings.horizon());
        this.calibration = new OnlineCalibration(settings, tracked);
        this.stepper = new CarriedModelStepper(settings);
        this.widthsByStep = new double[settings.horizon()];
        this.means = new double[settings.horizon()];
        this.baselineByStep = new float[settings.horizon()];
    }

    public ForecastSettings settings() {
        return settings;
    }

    /** A fresh state for a key never seen before. */
    public SeriesState newState() {
        return new SeriesState(settings.window(), tracked);
    }

    /**
     * Offers one observation to a key.
     *
     * @param model the model serving this task, or null for the baseline; must be compatible
     */
    public StepOutcome observe(SeriesState s, Observation o, ServingModel model) {
        long ts = o.timestampMillis();
        if (s.lastEventMillis != SeriesState.NO_TIME && ts <= s.lastEventMillis) {
            return ts == s.lastEventMillis ? StepOutcome.DUPLICATE : StepOutcome.LATE;
        }
        long missing = missingSteps(s, ts);
        boolean reset = missing > settings.maxGapFill();
        if (reset) {
            s.resetSequence();
        } else {
            fillGap(s, (int) missing, model);
        }
        float y = (float) o.value();
        ScoreSummary score = takeValue(s, y);
        int carriedBefore = s.carried.modelId();
        float[] outputs = stepper.advance(s, ts, model);
        boolean primed = outputs != null && carriedBefore != s.carried.modelId();
        ServingModel used = outputs == null ? null : model;
        double[] means = forecastMeans(s, used, outputs);
        Forecast forecast = forecast(s, o.seriesId(), ts, used, means);
        s.pending.rotate(tracked, means, s.window.valueAt(0));
        s.lastEventMillis = ts;
        if (s.seen < Integer.MAX_VALUE) {
            s.seen++;
        }
        return new StepOutcome(StepOutcome.Kind.FORECAST, forecast, score, primed, reset ? 0 : (int) missing, reset);
    }

    /**
     * Scores the key's baselines and earlier forecasts against the new value, then folds it into the statistics
     * (keeping the interval widths in the units they are tracked in) and the window: every step reads the window
     * and statistics as they were before the value.
     */
    private ScoreSummary takeValue(SeriesState s, float y) {
        BaselineChoice.track(s, y, tracked, settings.season(), medianScratch);
        ScoreSummary score = calibration.score(s, y);
        boolean wasRelative = OnlineCalibration.relative(s);
        SeriesNormalization.update(s, y, settings.season());
        OnlineCalibration.unitsChanged(s, wasRelative);
        s.window.push(y);
        return score;
    }

    /**
     * The steps missing between the key's last observation and {@code ts} (0 for its first), after taking the
     * spacing into the key's step.
     */
    private static long missingSteps(SeriesState s, long ts) {
        if (s.lastEventMillis == SeriesState.NO_TIME) {
            return 0;
        }
        long delta = ts - s.lastEventMillis;
        StepInference.observe(s, delta);
        return Math.max(0, Math.round((double) delta / s.stepMillis) - 1);
    }

    /** Forward-fills {@code missing} steps after the key's last observation with its last value. */
    private void fillGap(SeriesState s, int missing, ServingModel model) {
        if (missing == 0) {
            return;
        }
        float last = s.window.valueAt(0);
        for (int i = 1; i <= missing; i++) {
            fill(s, last, s.lastEventMillis + i * s.stepMillis, model);
        }
    }

    /** A forward-filled step: the window and carried state advance, nothing is scored or emitted. */
    private void fill(SeriesState s, float value, long ts, ServingModel model) {
        s.pending.rotate(tracked, null, 0f);
        s.window.push(value);
        stepper.advanceFilled(s, ts, model);
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
        if (s.lastEventMillis == SeriesState.NO_TIME || s.window.count() == 0) {
            return null;
        }
        float[] outputs = stepper.readLatest(s, model);
        ServingModel used = outputs == null ? null : model;
        return forecast(s, series, s.lastEventMillis, used, forecastMeans(s, used, outputs));
    }

    /** The key's rolling accuracy as of its last observation, as the forecast-accuracy topic carries it. */
    public AccuracyReport accuracy(SeriesState s, String series, String modelVersion) {
        return calibration.accuracy(s, series, modelVersion);
    }

    /**
     * The point means of steps 1..H: the key's baseline, corrected by {@code outputs} of {@code model} (null for
     * the baseline alone). Returns this forecaster's scratch array, valid until the next call.
     */
    private double[] forecastMeans(SeriesState s, ServingModel model, float[] outputs) {
        ModelInputs inputs = model == null ? null : stepper.inputsFor(model);
        double modelScale = inputs == null ? 0 : inputs.scale(s);
        BaselineChoice.baselines(s, settings.season(), medianScratch, baselineByStep, inputs != null && inputs.carry());
        for (int j = 0; j < means.length; j++) {
            double mean = baselineByStep[j];
            means[j] = inputs == null ? mean : inputs.mean(mean, modelScale, outputs[j]);
        }
        return means;
    }

    /** The forecast of these means from {@code origin}, with the key's calibrated intervals around them. */
    private Forecast forecast(SeriesState s, String series, long origin, ServingModel model, double[] means) {
        int horizon = settings.horizon();
        double scale = SeriesNormalization.effectiveScale(s);
        long step = StepInference.stepOrDefault(s, settings.defaultStep().toMillis());
        calibration.widths(s, scale, means, widthsByStep);
        float floor = OnlineCalibration.supportFloor(s);
        List<ForecastPoint> points = new ArrayList<>(horizon);
        for (int j = 1; j <= horizon; j++) {
            double mean = means[j - 1];
            double width = widthsByStep[j - 1];
            // 32-bit floats, the precision of the window they come from: digits beyond it would be noise on
            // the wire (ForecastCodec). The bounds are the float mean -/+ the float half-width in float
            // arithmetic, so the compact wire format (mean and half-width) reads back exactly these bounds;
            // rounding is monotone, so lower <= mean <= upper still holds. The lower bound stops at the
            // key's support (0 for a positive key), which the wire format carries as one number.
            points.add(ForecastPoint.floored(j, origin + j * step, toFloat(mean), toFloat(width), floor));
        }
        return new Forecast(series, origin, model == null ? Forecast.BASELINE_VERSION : model.version(), points);
    }

    private static float toFloat(double v) {
        return (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, v));
    }
}
