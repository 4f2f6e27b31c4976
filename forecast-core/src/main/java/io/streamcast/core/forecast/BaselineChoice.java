package io.streamcast.core.forecast;

import java.util.Arrays;

/**
 * Which simple forecaster a key's forecasts correct, and its forecast: seasonal naive, naive, the local median or
 * seasonal naive at the current level, chosen per key by their rolling errors. Serving ({@link SeriesForecaster})
 * and training ({@link FeatureTrace}) both call these, so the baseline a model is trained to correct is the one it
 * corrects when served. Needs only the key's window, so both compute the same statistics.
 */
final class BaselineChoice {
    /**
     * Smoothing of the baseline choice statistics: a memory of about 2,000 scored points (some 300–400
     * observations at five to seven tracked steps). A memory of ~500 points let ec2_cpu_utilization switch to
     * naive for stretches where it was locally better, which cost 6 % MASE over the series (docs/accuracy.md).
     */
    static final double BASELINE_ALPHA = 0.0005;
    /** Baseline points scored before a key may switch from seasonal naive to naive. */
    static final int BASELINE_EVIDENCE = 50;
    /** Values the local-median baseline takes the median of: an hour of 5-minute data, half a day of hourly. */
    static final int MEDIAN_SPAN = 12;
    static final int SEASONAL_NAIVE = 0;
    static final int NAIVE = 1;
    static final int LOCAL_MEDIAN = 2;
    /**
     * Seasonal naive moved to the current level: y[t + j - m*k] + (y[t] - y[t - m*k]), k = ceil(j/m), i.e. the
     * seasonal differences of the last season repeat. Where the shape repeats but the level of the day or week
     * does not (traffic after a holiday, a snowstorm), it keeps the shape and the level of now: on the NYC taxi
     * series (m = 336, 5 steps ahead) its NRMSE is 0.136 one step ahead and 0.289 five steps ahead, against
     * seasonal naive's 0.336 and naive's 0.245 and 0.926 (docs/accuracy.md).
     */
    static final int LEVELLED_SEASONAL = 3;

    private BaselineChoice() {}

    /**
     * The key's baseline for steps 1..H from the newest value, into {@code out} (see {@link #baselineKind}).
     */
    static void baselines(SeriesState s, int m, float[] scratch, float[] out) {
        baselines(s, m, 0, scratch, out);
    }

    /**
     * The key's baseline (its current choice) for steps 1..H from the value {@code age} steps back, into
     * {@code out}; NaN for a step whose seasonal value the window no longer holds. The inputs of a re-prime read
     * these at every age of the window.
     */
    static void baselines(SeriesState s, int m, int age, float[] scratch, float[] out) {
        int kind = baselineKind(s, m);
        if (kind == SEASONAL_NAIVE || kind == LEVELLED_SEASONAL) {
            for (int j = 1; j <= out.length; j++) {
                int back = m * ((j + m - 1) / m);
                int seasonalAge = age + back - j;
                if (seasonalAge >= s.windowCount) {
                    out[j - 1] = Float.NaN;
                } else if (kind == LEVELLED_SEASONAL && age + back < s.windowCount) {
                    out[j - 1] = s.valueAt(seasonalAge) + s.valueAt(age) - s.valueAt(age + back);
                } else { // seasonal naive, also where the window (young, or reset by a gap) lacks the level's reference
                    out[j - 1] = s.valueAt(seasonalAge);
                }
            }
        } else {
            Arrays.fill(out, kind == NAIVE ? s.valueAt(age) : median(s, age, scratch));
        }
    }

    /**
     * A key's baseline is seasonal naive, y[t + j - m*ceil(j/m)], unless another simple forecaster has been
     * better: naive (the last value) before m values exist; later, over at least {@link #BASELINE_EVIDENCE}
     * scored points, whichever of the local median (of the last {@link #MEDIAN_SPAN} values), naive and seasonal
     * naive at the current level ({@link #LEVELLED_SEASONAL}, where the window holds what it reads) has the
     * lowest rolling error (in that order on a tie), if that is 5 % below seasonal naive's. Seasonal series keep
     * seasonal naive, or its levelled form where the level moves between seasons, random-walk like ones (prices)
     * get naive, and spiky ones (CPU utilization, request counts) the median, which ignores isolated spikes. The
     * model corrects whichever the key has, and training replays the same choice ({@link FeatureTrace}).
     */
    static int baselineKind(SeriesState s, int m) {
        return baselineKind(s.windowCount, s.baselineScored, s.naiveError, s.seasonalError, s.medianError,
                s.levelledError, m);
    }

    /** {@link #baselineKind(SeriesState, int)} from the statistics it reads (a stored state's, to the codec). */
    static int baselineKind(int windowCount, int baselineScored, float naiveError, float seasonalError,
                            float medianError, float levelledError, int m) {
        if (windowCount < m) {
            return NAIVE;
        }
        if (baselineScored < BASELINE_EVIDENCE) {
            return SEASONAL_NAIVE;
        }
        int best = NAIVE;
        float bestError = naiveError;
        if (windowCount >= MEDIAN_SPAN && medianError <= bestError) {
            best = LOCAL_MEDIAN;
            bestError = medianError;
        }
        if (levelledError < bestError) { // false while NaN: not tracked
            best = LEVELLED_SEASONAL;
            bestError = levelledError;
        }
        return bestError < 0.95f * seasonalError ? best : SEASONAL_NAIVE;
    }

    /**
     * Whether a key tracks {@link #LEVELLED_SEASONAL}: its window must hold, at every tracked step k, the value
     * m*ceil(k/m) before the origin k - 1 steps back, so that it is scored on the same steps as the others.
     */
    static boolean tracksLevelled(SeriesState s, TrackedSteps tracked, int m) {
        int h = tracked.step(tracked.count() - 1);
        return h - 1 + m * ((h + m - 1) / m) < s.window.length;
    }

    /** The median of the {@link #MEDIAN_SPAN} values from {@code age} back. */
    static float median(SeriesState s, int age, float[] scratch) {
        int n = Math.min(MEDIAN_SPAN, s.windowCount - age);
        for (int i = 0; i < n; i++) {
            scratch[i] = s.valueAt(age + i);
        }
        Arrays.sort(scratch, 0, n);
        return n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
    }

    /**
     * Scores what naive, seasonal naive, the local median and (where the key tracks it) seasonal naive at the
     * current level made k steps ago (tracked k) against the new value, before it enters the window, on the steps
     * where the window holds all of them. A key starts tracking the levelled form with its first scored point
     * (a state from before it existed keeps NaN, and the other three).
     */
    static void track(SeriesState s, float y, TrackedSteps tracked, int m, float[] scratch) {
        boolean levelled = tracksLevelled(s, tracked, m);
        if (levelled && Float.isNaN(s.levelledError) && s.baselineScored == 0) {
            s.levelledError = 0;
        }
        levelled &= !Float.isNaN(s.levelledError);
        for (int i = 0; i < tracked.count(); i++) {
            int k = tracked.step(i);
            int back = m * ((k + m - 1) / m);
            int seasonalAge = back - 1;
            if (seasonalAge >= s.windowCount || k - 1 + MEDIAN_SPAN > s.windowCount
                    || levelled && k - 1 + back >= s.windowCount) {
                continue;
            }
            double alpha = Math.max(BASELINE_ALPHA, 1.0 / (s.baselineScored + 1));
            s.naiveError += (float) (alpha * (Math.abs(y - s.valueAt(k - 1)) - s.naiveError));
            s.seasonalError += (float) (alpha * (Math.abs(y - s.valueAt(seasonalAge)) - s.seasonalError));
            s.medianError += (float) (alpha * (Math.abs(y - median(s, k - 1, scratch)) - s.medianError));
            if (levelled) {
                float forecast = s.valueAt(seasonalAge) + s.valueAt(k - 1) - s.valueAt(k - 1 + back);
                s.levelledError += (float) (alpha * (Math.abs(y - forecast) - s.levelledError));
            }
            if (s.baselineScored < Integer.MAX_VALUE) {
                s.baselineScored++;
            }
        }
    }
}
