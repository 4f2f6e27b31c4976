package io.streamcast.core.forecast;

import io.streamcast.core.domain.AccuracyReport;
import java.util.Arrays;

/**
 * A key's online calibration: scores the forecasts it made k steps ago (k tracked, see {@link TrackedSteps})
 * against each new value, tracks the coverage quantile of their errors per step (online split-conformal interval
 * half-widths), keeps the pending forecast points that will be scored later, and the key's rolling accuracy.
 * Used by one thread (the forecaster that owns it). Owns a key's {@link IntervalWidths} and
 * {@link RollingAccuracy}: the only class that changes them.
 *
 * <p>Widths are relative to the forecast for a key whose whole window is positive ({@link #relative}): the
 * tracked quantile is of |y - f| / f, and a point's half-width that quantile times its mean. Counts, traffic and
 * load miss by more at the daily peak than in the night's trough; one width per step in the series' units was too
 * narrow at the peaks and too wide in the troughs (M4 Hourly, 95 % nominal: coverage 0.86-0.98 by step, by the
 * hour of day the step fell on). Other keys' widths are in the series' units.
 */
final class OnlineCalibration {
    /**
     * The miss rate the widths are tracked at, as a share of the nominal one (1 - coverage). The quantile tracker
     * reaches its target on the residuals it has seen, but errors come in bursts (a volatile week, a holiday) that
     * it follows one step late, and in a holdout the residuals it saw were the model's training data: at the
     * nominal rate, 90 % intervals covered 86-90 % of the bundled series' points in rolling backtests and 95 % ones
     * 93 % of M4 Hourly's test set (docs/accuracy.md). Tracking three quarters of the nominal miss rate brings the
     * realized coverage to the nominal one.
     */
    static final double MISS_RATE_SHARE = 0.75;
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
        this.missRate = MISS_RATE_SHARE * (1 - settings.coverage());
    }

    /**
     * The interval half-width of every step 1..H for a forecast with these {@code means}, into {@code out}:
     * calibrated, interpolated, or the prior.
     */
    void widths(SeriesState s, double scale, double[] means, double[] out) {
        tracked.interpolate(s.widths.values(), out);
        boolean relative = relative(s);
        for (int j = 1; j <= out.length; j++) {
            if (Double.isNaN(out[j - 1])) {
                out[j - 1] = priorWidth(relative ? scale / s.statistics.level() : scale, j);
            }
            if (relative) {
                out[j - 1] *= reference(s, means[j - 1]);
            }
        }
    }

    /** Whether the key's widths are relative to the forecast: its whole window, and its level, are positive. */
    static boolean relative(SeriesState s) {
        return SeriesNormalization.positive(s, s.window.capacity());
    }

    /**
     * The lowest value the key's intervals reach: 0 for a key whose widths are {@link #relative} (every value in its
     * window is positive, and its log model, if any, can only forecast positive values), so that a ride count's
     * interval does not reach into negative rides; NaN (no floor) otherwise.
     */
    static float supportFloor(SeriesState s) {
        return relative(s) ? 0f : Float.NaN;
    }

    /**
     * What a relative width multiplies: the forecast's size, at least 1 % of the key's level (a forecast near 0 of
     * a positive series must not get an interval of width 0).
     */
    private static double reference(SeriesState s, double forecast) {
        return Math.max(Math.abs(forecast), 0.01 * s.statistics.level());
    }

    /**
     * After the statistics took a new value: if the key's widths changed units ({@link #relative} before was
     * {@code wasRelative}), they are converted at the key's level, so calibration carries on instead of restarting.
     */
    static void unitsChanged(SeriesState s, boolean wasRelative) {
        boolean relative = relative(s);
        if (relative == wasRelative) {
            return;
        }
        float keyLevel = s.statistics.level();
        double level = Math.abs(keyLevel) > 0 ? Math.abs(keyLevel) : 1;
        s.widths.convertUnits(relative, level);
    }

    private static double priorWidth(double scale, int step) {
        return PRIOR_WIDTH_SCALES * scale * Math.sqrt(step);
    }

    /** Scores the forecasts made k steps ago (k tracked) against the new value, before it enters the window. */
    ScoreSummary score(SeriesState s, float y) {
        int m = settings.season();
        double scale = SeriesNormalization.effectiveScale(s);
        boolean relative = relative(s);
        int n = 0;
        int covered = 0;
        double abs = 0;
        double seasonalNaiveAbs = 0;
        double[] byStep = null;
        double[] seasonalNaiveByStep = null;
        ValueWindow window = s.window;
        RollingAccuracy acc = s.accuracy;
        float level = s.statistics.level();
        for (int i = 0; i < tracked.count(); i++) {
            int k = tracked.step(i);
            float offset = s.pending.offset(tracked.pendingOffset(i));
            int seasonalNaiveAge = m * ((k + m - 1) / m) - 1; // seasonal naive of origin t-k for step k, seen from t
            if (Float.isNaN(offset) || k - 1 >= window.count() || seasonalNaiveAge >= window.count()) {
                continue;
            }
            double forecast = window.valueAt(k - 1) + offset;
            double error = Math.abs(y - forecast);
            double seasonalNaiveError = Math.abs(y - window.valueAt(seasonalNaiveAge));
            // the width's units: relative to the forecast, or the series' own
            double unit = relative ? reference(s, forecast) : 1;
            double unitScale = relative ? scale / level : scale;
            double residual = error / unit;
            float width = s.widths.get(i);
            double usedWidth = Float.isNaN(width) ? priorWidth(unitScale, k) : width;
            boolean hit = residual <= usedWidth;
            // Online split-conformal: track the coverage-quantile of |residual| per step (multiplicative steps).
            if (Float.isNaN(width)) {
                s.widths.set(i, (float) residual);
            } else {
                double eta = WIDTH_LEARNING_RATE * Math.max(width, 0.01 * unitScale);
                s.widths.set(i, (float) Math.max(0, width + eta * ((residual > width ? 1 : 0) - missRate)));
            }
            double alpha = Math.max(ACCURACY_ALPHA, 1.0 / (acc.scored + 1));
            acc.modelAbsError += (float) (alpha * (error - acc.modelAbsError));
            acc.seasonalNaiveAbsError += (float) (alpha * (seasonalNaiveError - acc.seasonalNaiveAbsError));
            acc.coverage += (float) (alpha * ((hit ? 1 : 0) - acc.coverage));
            if (acc.scored < Integer.MAX_VALUE) {
                acc.scored++;
            }
            if (s.statistics.scaleCount() < SETTLED_SCALE) {
                continue; // a scale from a handful of differences would blow scaled errors up
            }
            if (byStep == null) {
                byStep = new double[tracked.count()];
                seasonalNaiveByStep = new double[tracked.count()];
                Arrays.fill(byStep, Double.NaN);
                Arrays.fill(seasonalNaiveByStep, Double.NaN);
            }
            byStep[i] = error / scale;
            seasonalNaiveByStep[i] = seasonalNaiveError / scale;
            n++;
            covered += hit ? 1 : 0;
            abs += error;
            seasonalNaiveAbs += seasonalNaiveError;
        }
        return n == 0 ? ScoreSummary.NONE
                : new ScoreSummary(n, abs, seasonalNaiveAbs, abs / scale, seasonalNaiveAbs / scale, covered, byStep,
                        seasonalNaiveByStep);
    }

    /** The key's rolling accuracy as of its last observation, as the forecast-accuracy topic carries it. */
    AccuracyReport accuracy(SeriesState s, String series, String modelVersion) {
        double scale = SeriesNormalization.effectiveScale(s);
        RollingAccuracy acc = s.accuracy;
        return new AccuracyReport(series, s.lastEventMillis, modelVersion, acc.scored, acc.modelAbsError,
                acc.seasonalNaiveAbsError, acc.modelAbsError / scale, acc.coverage, settings.coverage());
    }
}
