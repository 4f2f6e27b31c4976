package io.streamcast.core.forecast;

/**
 * A key's step (the spacing of its observations), inferred from the spacings it shows.
 *
 * <p>The first spacing sets the step. After that, a spacing that is not the step (within {@link #TOLERANCE})
 * becomes a candidate, and the step changes to it only once {@link #CONFIRMATIONS} consecutive spacings agree
 * on it; a spacing equal to the step clears the candidate. So one odd pair (two observations 1 ms apart, a
 * late duplicate with another timestamp) cannot set the step for good, a key that started with such a pair
 * recovers after a few observations, and a sensor that really changed its rate is followed. A spacing that is
 * a whole multiple of the step is a gap (forward-filled or reset by the caller) while it is not confirmed.
 *
 * <p>Why not simply the smallest spacing ever seen: after one pair 1 ms apart, every normal spacing would look
 * like a gap of thousands of steps and the key would reset on every observation, for ever.
 */
final class StepInference {
    /** Consecutive agreeing spacings needed to change a known step. */
    static final int CONFIRMATIONS = 3;
    /** Relative difference within which two spacings are the same (clock jitter, rounding to seconds). */
    static final double TOLERANCE = 0.1;

    private StepInference() {}

    /** The key's step, or {@code defaultMillis} before its second observation. */
    static long stepOrDefault(SeriesState s, long defaultMillis) {
        return s.stepMillis > 0 ? s.stepMillis : defaultMillis;
    }

    /** Takes the spacing {@code delta > 0} to the key's previous observation; updates the key's step. */
    static void observe(SeriesState s, long delta) {
        if (s.stepMillis <= 0) {
            s.stepMillis = delta;
            clearCandidate(s);
            return;
        }
        if (same(delta, s.stepMillis)) {
            clearCandidate(s);
            return;
        }
        if (s.candidateCount > 0 && same(delta, s.candidateStepMillis)) {
            s.candidateCount++;
        } else {
            s.candidateStepMillis = delta;
            s.candidateCount = 1;
        }
        if (s.candidateCount >= CONFIRMATIONS) {
            s.stepMillis = s.candidateStepMillis;
            clearCandidate(s);
        }
    }

    private static boolean same(long a, long b) {
        return Math.abs(a - b) <= TOLERANCE * Math.max(a, b);
    }

    private static void clearCandidate(SeriesState s) {
        s.candidateStepMillis = 0;
        s.candidateCount = 0;
    }
}
