package io.streamcast.core.forecast;

import java.util.Arrays;

/**
 * A key's conformal interval half-widths, one per tracked step (NaN: not calibrated yet), relative to the forecast
 * or in the series' units ({@link OnlineCalibration#relative}). {@link OnlineCalibration} tracks them; coded with
 * the window (plain or {@link QuantizedValues}).
 */
final class IntervalWidths {
    private final float[] widths;

    IntervalWidths(TrackedSteps tracked) {
        this.widths = new float[tracked.count()];
        clear();
    }

    int count() {
        return widths.length;
    }

    float get(int i) {
        return widths[i];
    }

    void set(int i, float width) {
        widths[i] = width;
    }

    /** The widths themselves, for reading (interpolation, the state's public view). */
    float[] values() {
        return widths;
    }

    /** Converts the widths at {@code level}: to relative ones (divided by it), or back (multiplied by it). */
    void convertUnits(boolean toRelative, double level) {
        for (int i = 0; i < widths.length; i++) {
            widths[i] = (float) (toRelative ? widths[i] / level : widths[i] * level);
        }
    }

    /** Replaces the widths by these (same count). */
    void setAll(float[] values) {
        System.arraycopy(values, 0, widths, 0, widths.length);
    }

    void clear() {
        Arrays.fill(widths, Float.NaN);
    }
}
