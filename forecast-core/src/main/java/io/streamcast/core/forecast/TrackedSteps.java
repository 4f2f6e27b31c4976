package io.streamcast.core.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * The horizon steps a key scores online: 1, 2, 4, 8, ... below H, and H itself.
 *
 * <p>Scoring every step 1..H would need every past forecast that still has a future target, H(H+1)/2 points
 * per key (1,176 at H = 48), rewritten on every record. Tracking log-spaced steps needs the sum of the tracked
 * steps (111 at H = 48) and still sees the short, middle and far horizon at every observation; interval
 * widths for the steps in between are interpolated in log(step).
 */
public final class TrackedSteps {
    private final int[] steps;
    private final int pendingSize;
    private final int[] originAges;
    private final int horizon;
    /** Per step 1..H: the tracked step index at or below it, and the weight of the next tracked step. */
    private final int[] lowerTracked;
    private final double[] upperWeight;

    public TrackedSteps(int horizon) {
        List<Integer> list = new ArrayList<>();
        for (int k = 1; k < horizon; k *= 2) {
            list.add(k);
        }
        list.add(horizon);
        steps = list.stream().mapToInt(Integer::intValue).toArray();
        int total = 0;
        for (int k : steps) {
            total += k;
        }
        pendingSize = total;
        originAges = new int[total];
        for (int i = 0, p = 0; i < steps.length; i++) {
            for (int j = 0; j < steps[i]; j++) {
                originAges[p++] = steps[i] - 1 - j;
            }
        }
        this.horizon = horizon;
        lowerTracked = new int[horizon];
        upperWeight = new double[horizon];
        for (int j = 1, t = 0; j <= horizon; j++) {
            while (t < steps.length - 1 && steps[t + 1] <= j) {
                t++;
            }
            lowerTracked[j - 1] = t;
            if (steps[t] != j) { // steps[t] < j < steps[t + 1]: j < H = the last tracked step, so t + 1 exists
                upperWeight[j - 1] = (Math.log(j) - Math.log(steps[t])) / (Math.log(steps[t + 1]) - Math.log(steps[t]));
            }
        }
    }

    /**
     * How many observations back, between records, pending entry {@code p}'s origin is: entry j of step k's ring
     * (oldest first) was made k - 1 - j observations ago.
     */
    public int originAge(int p) {
        return originAges[p];
    }

    public int count() {
        return steps.length;
    }

    public int step(int index) {
        return steps[index];
    }

    /** Total pending entries kept per key: the sum of the tracked steps. */
    public int pendingSize() {
        return pendingSize;
    }

    /** Offset of tracked step {@code index}'s ring in the flat pending array. */
    public int pendingOffset(int index) {
        int offset = 0;
        for (int i = 0; i < index; i++) {
            offset += steps[i];
        }
        return offset;
    }

    /**
     * Interval half-width for any step 1..H from the tracked steps' widths, linear in log(step) between the
     * neighbouring tracked steps. NaN widths (not yet calibrated) propagate as NaN.
     */
    public void interpolate(float[] trackedWidths, double[] widthsByStep) {
        if (widthsByStep.length != horizon) {
            throw new IllegalArgumentException("widths for " + widthsByStep.length + " steps, tracking H = " + horizon);
        }
        for (int j = 0; j < horizon; j++) {
            int t = lowerTracked[j];
            double w = upperWeight[j];
            // w = 0 on a tracked step, whose upper neighbour may not exist (the last step) or be NaN
            widthsByStep[j] = w == 0 ? trackedWidths[t] : (1 - w) * trackedWidths[t] + w * trackedWidths[t + 1];
        }
    }
}
