package io.streamcast.core.forecast;

import java.util.Arrays;

/**
 * The past forecast points of a key still waiting for their target, per tracked step k (see {@link TrackedSteps}):
 * a ring of k entries, oldest first, each the forecast mean minus the value at its origin (NaN: no forecast was
 * made at that origin). {@link OnlineCalibration} scores the oldest entries; coded with the window (plain or
 * {@link QuantizedValues}, against their {@link PendingReference}).
 */
final class PendingForecasts {
    private final float[] offsets;

    PendingForecasts(TrackedSteps tracked) {
        this.offsets = new float[tracked.pendingSize()];
        clear();
    }

    int size() {
        return offsets.length;
    }

    /** Entry {@code p} of the flat rings: a forecast mean minus its origin's value, NaN for none. */
    float offset(int p) {
        return offsets[p];
    }

    void set(int p, float offset) {
        offsets[p] = offset;
    }

    /**
     * Shifts every tracked step's ring by one: the oldest entry (now scored or expired) leaves, the point for that
     * step of the forecast with these {@code means} (null: none made) enters as an offset from its origin value.
     */
    void rotate(TrackedSteps tracked, double[] means, float originValue) {
        for (int i = 0; i < tracked.count(); i++) {
            int k = tracked.step(i);
            int offset = tracked.pendingOffset(i);
            System.arraycopy(offsets, offset + 1, offsets, offset, k - 1);
            offsets[offset + k - 1] = means == null ? Float.NaN : (float) (means[k - 1] - originValue);
        }
    }

    void clear() {
        Arrays.fill(offsets, Float.NaN);
    }
}
