package io.streamcast.core.forecast;

/**
 * What {@link SeriesStateCodec} stores a pending forecast point against: the forecast the key's
 * baseline ({@link BaselineChoice}) makes for the same target from the same origin, computed from the stored
 * window, so the decoder finds the same number without it being stored.
 *
 * <p>Why: a served mean is the baseline plus the model's correction, a few scales at most, while its offset from
 * the origin's value is the series' whole movement over k steps. On a near-exact
 * daily cycle (the bench's keys: seasonal-naive scale 0.26, a cycle of ±10) that offset is ~65 scales, ~16 bits
 * at a quantum of 1/1024 of the scale, against ~11 for the correction: 111 pending points at H = 48 are then
 * ~70 bytes fewer. Where the baseline is naive the reference is the origin's value.
 *
 * <p>The baseline kind is the key's as of the stored statistics, not the one each forecast was made with: the
 * reference only has to be the same on both sides of the store, and the encoder computes it, as the decoder does,
 * from the window as stored (rounded to its quantum) and the stored season.
 */
final class PendingReference {
    private final TrackedSteps tracked;
    private final int season;
    private final int kind;
    private final float[] sorted = new float[BaselineChoice.MEDIAN_SPAN];
    private final double[] medians; // by origin age, for the local-median baseline

    /**
     * @param windowCount the stored window's length (before a decoder with a smaller window drops its oldest)
     * @param season      m as the state was written with it
     */
    PendingReference(SeriesState stats, int windowCount, int season, TrackedSteps tracked) {
        this.tracked = tracked;
        this.season = season;
        this.kind = BaselineChoice.baselineKind(windowCount, stats.baselineErrors, season);
        this.medians = kind == BaselineChoice.LOCAL_MEDIAN ? new double[tracked.step(tracked.count() - 1)] : null;
    }

    /** Whether stored pending points of this count are this horizon's rings (else they are dropped). */
    boolean fits(int pendingCount) {
        return pendingCount == tracked.pendingSize();
    }

    /** How many observations back pending point {@code p}'s origin is ({@link TrackedSteps#originAge}). */
    int originAge(int p) {
        return tracked.originAge(p);
    }

    /**
     * For every pending point (the rings of {@link PendingForecasts}, entry j of step k's ring made at the
     * origin k - 1 - j observations back): its reference, from {@code window} (oldest first, {@code count}
     * values as stored). A reference beyond the window is 0.
     */
    void compute(float[] window, int count, double[] references) {
        if (medians != null) {
            slideMedians(window, count);
        }
        int p = 0;
        for (int i = 0; i < tracked.count(); i++) {
            int k = tracked.step(i);
            for (int j = 0; j < k; j++, p++) {
                int origin = tracked.originAge(p);
                references[p] = switch (kind) {
                    case BaselineChoice.SEASONAL_NAIVE -> {
                        int age = origin + season * ((k + season - 1) / season) - k;
                        yield valueAt(window, count, age < count ? age : origin);
                    }
                    case BaselineChoice.LOCAL_MEDIAN -> medians[origin];
                    default -> valueAt(window, count, origin);
                };
            }
        }
    }

    static double valueAt(float[] window, int count, int age) {
        return age < count ? window[count - 1 - age] : 0;
    }

    /**
     * The median of the {@link BaselineChoice#MEDIAN_SPAN} values from each origin age back (fewer at the window's
     * end, as {@link BaselineChoice#median} takes them; 0 beyond it), by sliding one sorted span along the
     * window: one insertion and one removal per age instead of a sort of the span at each of up to H ages.
     */
    private void slideMedians(float[] window, int count) {
        int span = BaselineChoice.MEDIAN_SPAN;
        int n = 0;
        for (int age = 0; age < Math.min(span, count); age++) {
            n = insert((float) valueAt(window, count, age), n);
        }
        for (int age = 0; age < medians.length; age++) {
            if (age >= count) {
                medians[age] = 0;
                continue;
            }
            medians[age] = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            n = remove((float) valueAt(window, count, age), n); // the span moves one value back
            if (age + span < count) {
                n = insert((float) valueAt(window, count, age + span), n);
            }
        }
    }

    private int insert(float v, int n) {
        int i = n;
        while (i > 0 && sorted[i - 1] > v) {
            sorted[i] = sorted[i - 1];
            i--;
        }
        sorted[i] = v;
        return n + 1;
    }

    private int remove(float v, int n) {
        int i = 0;
        while (i < n - 1 && Float.compare(sorted[i], v) != 0) {
            i++;
        }
        System.arraycopy(sorted, i + 1, sorted, i, n - 1 - i);
        return n - 1;
    }
}
