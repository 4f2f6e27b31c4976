package io.streamcast.core.forecast;

import io.streamcast.core.domain.AccuracyReport;
import java.util.Arrays;

/**
 * A key's online calibration: scores the forecasts it made k steps ago (k tracked, see {@link TrackedSteps})
 * against each new value, tracks the coverage quantile of their errors per step (online split-conformal interval
 * half-widths), keeps the pending forecast points that will be scored later, and the key's rolling accuracy.
 * Used by one thread (the forecaster that owns it).
 */
final class OnlineCalibration {
    /** Relative step of the multiplicative quantile tracking that calibrates interval widths. */
    static final double WIDTH_LEARNING_RATE = 0.1;
    /** Smoothing of the per-key rolling accuracy (after the first 1/ACCURACY_ALPHA scored points). */
    static final double ACCURACY_ALPHA = 0.01;
    /** Interval half-width before a step has seen a residual: this many scales times sqrt(step). */
    static final double PRIOR_WIDTH_SCALES = 2.0;
    /** Scored points enter the score summary (the metrics) once the scale rests on this many differences. */
    static final int SETTLED_SCALE = 20;

    private final ForecastSettings settings;
    private final TrackedSteps tracked;
    private final double missRate;

    OnlineCalibration(ForecastSettings settings, TrackedSteps tracked) {
        this.settings = settings;
        this.tracked = tracked;
        this.missRate = 1 - settings.coverage();
    }

    /** The interval half-width of every step 1..H, into {@code out}: calibrated, interpolated, or the prior. */
    void widths(SeriesState s, double scale, double[] out) {
        tracked.interpolate(s.widths, out);
        for (int j = 1; j <= out.length; j++) {
            if (Double.isNaN(out[j - 1])) {
                out[j - 1] = priorWidth(scale, j);
            }
        }
    }

    private static double priorWidth(double scale, int step) {
        return PRIOR_WIDTH_SCALES * scale * Math.sqrt(step);
    }

    /**
     * Shifts every tracked step's ring by one: the oldest entry (now scored or expired) leaves, the new
     * forecast's point for that step enters as an offset from the origin value (NaN when no forecast was made).
     */
    void rotatePending(SeriesState s, double[] means, float originValue) {
        float[] pending = s.pending;
        for (int i = 0; i < tracked.count(); i++) {
            int k = tracked.step(i);
            int offset = tracked.pendingOffset(i);
            System.arraycopy(pending, offset + 1, pending, offset, k - 1);
            pending[offset + k - 1] = means == null ? Float.NaN : (float) (means[k - 1] - originValue);
        }
    }

    /** Scores the forecasts made k steps ago (k tracked) against the new value, before it enters the window. */
    ScoreSummary score(SeriesState s, float y) {
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
            float offset = s.pending[tracked.pendingOffset(i)];
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
                Arrays.fill(byStep, Double.NaN);
                Arrays.fill(baselineByStep, Double.NaN);
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

    /** The key's rolling accuracy as of its last observation, as the forecast-accuracy topic carries it. */
    AccuracyReport accuracy(SeriesState s, String series, String modelVersion) {
        double scale = SeriesNormalization.effectiveScale(s);
        return new AccuracyReport(series, s.lastEventMillis, modelVersion, s.scored, s.accModelAbsError,
                s.accBaselineAbsError, s.accModelAbsError / scale, s.accCoverage, settings.coverage());
    }
}
