package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference a pending point is stored against is the key's baseline forecast of the same target from the same
 * origin: what makes the stored number the model's correction (small) rather than the series' movement.
 */
class PendingReferenceTest {
    private static final int H = 48;
    private static final int M = 24;
    private final TrackedSteps tracked = new TrackedSteps(H);

    /** A key with a full window of noise around a daily cycle and the statistics that choose {@code kind}. */
    private static SeriesState key(int kind, int values) {
        SeriesState s = new SeriesState(H, new TrackedSteps(H));
        Random r = new Random(3);
        for (int i = 0; i < values; i++) {
            s.window.push((float) (50 + 20 * Math.sin(2 * Math.PI * i / M) + r.nextGaussian()));
        }
        s.baselineErrors.scored = 500;
        s.baselineErrors.seasonalNaive = 1;
        s.baselineErrors.naive = kind == BaselineChoice.NAIVE ? 0.5f : 2;
        s.baselineErrors.median = kind == BaselineChoice.LOCAL_MEDIAN ? 0.4f : 3;
        assertThat(BaselineChoice.baselineKind(s, M)).isEqualTo(kind);
        return s;
    }

    private float[] stored(SeriesState s) {
        float[] w = new float[s.windowCount()];
        for (int i = 0; i < w.length; i++) {
            w[i] = s.valueAt(w.length - 1 - i); // oldest first
        }
        return w;
    }

    @ParameterizedTest
    @ValueSource(ints = {BaselineChoice.SEASONAL_NAIVE, BaselineChoice.NAIVE, BaselineChoice.LOCAL_MEDIAN})
    void eachPendingPointsReferenceIsTheBaselineFromItsOrigin(int kind) {
        SeriesState s = key(kind, H);
        PendingReference reference = new PendingReference(s, s.windowCount(), M, tracked);
        double[] references = new double[tracked.pendingSize()];
        reference.compute(stored(s), s.windowCount(), references);
        float[] scratch = new float[BaselineChoice.MEDIAN_SPAN];
        for (int i = 0, p = 0; i < tracked.count(); i++) {
            int k = tracked.step(i);
            for (int j = 0; j < k; j++, p++) {
                int a = reference.originAge(p);
                assertThat(a).isEqualTo(k - 1 - j);
                int seasonalAge = a + M * ((k + M - 1) / M) - k;
                double expected = switch (kind) {
                    case BaselineChoice.SEASONAL_NAIVE -> seasonalAge < s.windowCount() ? s.valueAt(seasonalAge)
                            : s.valueAt(a);
                    case BaselineChoice.LOCAL_MEDIAN -> BaselineChoice.median(s.window, a, scratch);
                    default -> s.valueAt(a);
                };
                assertThat(references[p]).as("step %d, origin %d back", k, a).isEqualTo(expected);
            }
        }
    }

    @Test
    void aShortWindowsMediansTakeTheValuesThereAre() {
        SeriesState s = key(BaselineChoice.LOCAL_MEDIAN, 30); // ages 19..29 have fewer than 12 values behind
        PendingReference reference = new PendingReference(s, s.windowCount(), M, tracked);
        double[] references = new double[tracked.pendingSize()];
        reference.compute(stored(s), s.windowCount(), references);
        float[] scratch = new float[BaselineChoice.MEDIAN_SPAN];
        for (int p = 0; p < references.length; p++) {
            int a = reference.originAge(p);
            assertThat(references[p]).isEqualTo(a < 30 ? BaselineChoice.median(s.window, a, scratch) : 0);
        }
    }
}
