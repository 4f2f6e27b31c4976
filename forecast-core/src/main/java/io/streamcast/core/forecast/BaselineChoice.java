package io.streamcast.core.forecast;

import java.util.Arrays;

/**
 * Which simple forecaster a key's forecasts correct, and its forecast: seasonal naive, naive or the local
 * median, chosen per key by their rolling errors; for a model that says so, seasonal naive carries the key's
 * damped newest seasonal difference, whose persistence phi is learned here too. Serving ({@link SeriesForecaster}) and training
 * ({@link FeatureTrace}) both call these, so the baseline a model is trained to correct is the one it corrects
 * when served. Needs only the key's window, so both compute the same statistics. Owns a key's
 * {@link BaselineErrors}: the only class that changes them.
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

    private BaselineChoice() {}

    /**
     * The key's baseline for steps 1..H from the newest value, into {@code out} (see {@link #baselineKind}); with
     * {@code carry}, a seasonal one carries the newest seasonal difference damped by the key's persistence (what a
     * model whose target is {@code ModelMetadata#TARGET_CARRIED_BASELINE_CORRECTION} corrects).
     */
    static void baselines(SeriesState s, int m, float[] scratch, float[] out, boolean carry) {
        baselines(s, m, 0, scratch, out, carry);
    }

    /**
     * The key's baseline (its current choice) for steps 1..H from the value {@code age} steps back, into
     * {@code out}; NaN for a step whose seasonal value the window no longer holds. The inputs of a re-prime read
     * these at every age of the window. With {@code carry}, seasonal naive plus phi^j times the origin's seasonal
     * difference (0 where the window does not hold it).
     */
    static void baselines(SeriesState s, int m, int age, float[] scratch, float[] out, boolean carry) {
        int kind = baselineKind(s, m);
        ValueWindow window = s.window;
        if (kind == SEASONAL_NAIVE) {
            for (int j = 1; j <= out.length; j++) {
                int seasonalAge = age + m * ((j + m - 1) / m) - j;
                out[j - 1] = seasonalAge < window.count() ? window.valueAt(seasonalAge) : Float.NaN;
            }
            if (carry) {
                carryForward(s, m, age, out);
            }
        } else {
            Arrays.fill(out, kind == NAIVE ? window.valueAt(age) : median(window, age, scratch));
        }
    }

    /** Adds phi^j times the origin's seasonal difference to seasonal naive's steps {@code out} (NaN stays NaN). */
    private static void carryForward(SeriesState s, int m, int age, float[] out) {
        double phi = s.baselineErrors.persistence();
        double difference = seasonalDifference(s.window, m, age);
        if (phi == 0 || difference == 0) {
            return;
        }
        float origin = s.window.valueAt(age);
        double carried = phi;
        for (int j = 0; j < out.length; j++, carried *= phi) {
            if (!Float.isNaN(out[j])) {
                out[j] = carry(out[j], carried * difference, origin);
            }
        }
    }

    /**
     * y(t) - y(t-m) at the origin {@code age} back, or 0 where the window does not hold y(t-m): what the seasonal
     * baseline carries forward, damped by the key's persistence.
     */
    private static double seasonalDifference(ValueWindow window, int m, int age) {
        return age + m < window.count() ? window.valueAt(age) - window.valueAt(age + m) : 0;
    }

    /**
     * Seasonal naive's value plus the damped seasonal difference; not below 0 where the seasonal value and the
     * origin's are not (a count must not be forecast negative because today runs far below last week).
     */
    private static float carry(float seasonal, double carried, float origin) {
        double v = seasonal + carried;
        return (float) (seasonal >= 0 && origin >= 0 ? Math.max(0, v) : v);
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
        return baselineKind(s.window.count(), s.baselineErrors, m);
    }

    /**
     * {@link #baselineKind(SeriesState, int)} from a window's length and the errors (a stored state's, to the
     * codec, whose window may be longer than the decoder's).
     */
    static int baselineKind(int windowCount, BaselineErrors errors, int m) {
        if (windowCount < m) {
            return NAIVE;
        }
        if (errors.scored < BASELINE_EVIDENCE) {
            return SEASONAL_NAIVE;
        }
        float seasonal = 0.95f * errors.seasonalNaive;
        if (errors.median < seasonal && errors.median <= errors.naive && windowCount >= MEDIAN_SPAN) {
            return LOCAL_MEDIAN;
        }
        return errors.naive < seasonal ? NAIVE : SEASONAL_NAIVE;
    }

    /** The median of the {@link #MEDIAN_SPAN} values from {@code age} back. */
    static float median(ValueWindow window, int age, float[] scratch) {
        int n = Math.min(MEDIAN_SPAN, window.count() - age);
        for (int i = 0; i < n; i++) {
            scratch[i] = window.valueAt(age + i);
        }
        Arrays.sort(scratch, 0, n);
        return n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
    }

    /**
     * Scores what naive, seasonal naive and the local median made k steps ago (tracked k) against the new value,
     * before it enters the window, on the steps where the window holds all three.
     */
    static void track(SeriesState s, float y, TrackedSteps tracked, int m, float[] scratch) {
        ValueWindow window = s.window;
        BaselineErrors e = s.baselineErrors;
        for (int i = 0; i < tracked.count(); i++) {
            int k = tracked.step(i);
            int seasonalAge = m * ((k + m - 1) / m) - 1;
            if (seasonalAge >= window.count() || k - 1 + MEDIAN_SPAN > window.count()) {
                continue;
            }
            double alpha = Math.max(BASELINE_ALPHA, 1.0 / (e.scored + 1));
            e.naive += (float) (alpha * (Math.abs(y - window.valueAt(k - 1)) - e.naive));
            e.seasonalNaive += (float) (alpha * (Math.abs(y - window.valueAt(seasonalAge)) - e.seasonalNaive));
            e.median += (float) (alpha * (Math.abs(y - median(window, k - 1, scratch)) - e.median));
            if (e.scored < Integer.MAX_VALUE) {
                e.scored++;
            }
        }
        updatePersistence(s, y, m);
    }

    /**
     * Step of the persistence's normalized least-mean-squares update: a memory of about 100 differences. Chosen
     * by the carried baseline's own accuracy on validation windows (M4 Hourly's training series without their
     * last 48 points; nyc_taxi's rows before 6,000) among 0.001, 0.003 and 0.01, docs/accuracy.md.
     */
    static final double PERSISTENCE_RATE = 0.01;
    /** The largest persistence: a seasonal difference never carries undamped. */
    static final double MAX_PERSISTENCE = 0.99;
    /** Differences the scale must rest on before the persistence learns (it normalizes the update). */
    static final int PERSISTENCE_EVIDENCE = 20;
    /** Bound of the normalized difference and residual in one update, in scales: one outlier moves phi little. */
    static final double PERSISTENCE_CLIP = 5;

    /**
     * Learns phi of d(t) = phi * d(t-1) + noise on the seasonal differences d, by a normalized least-mean-squares
     * step (E[d^2] is about pi/2 times the squared scale, the mean |d|): the carry of seasonal naive with AR(1)
     * seasonal differences, the forecast of a SARIMA(1,0,0)(0,1,0)m, learned per key from one number. Before the
     * value enters the window.
     */
    private static void updatePersistence(SeriesState s, float y, int m) {
        ValueWindow window = s.window;
        if (window.count() <= m || s.statistics.scaleCount() < PERSISTENCE_EVIDENCE) {
            return;
        }
        double scale = SeriesNormalization.effectiveScale(s);
        double previous = clip(seasonalDifference(window, m, 0) / scale);
        double current = (y - window.valueAt(m - 1)) / scale;
        BaselineErrors e = s.baselineErrors;
        double phi = e.persistence();
        double residual = clip(current - phi * previous);
        if (!Double.isFinite(residual) || !Double.isFinite(previous)) {
            return;
        }
        double next = Math.max(0, Math.min(MAX_PERSISTENCE, phi + PERSISTENCE_RATE * residual * previous / (Math.PI / 2)));
        e.persistenceQuanta = (int) Math.round(next * BaselineErrors.PERSISTENCE_ONE);
    }

    private static double clip(double v) {
        return Math.max(-PERSISTENCE_CLIP, Math.min(PERSISTENCE_CLIP, v));
    }
}
