package io.streamcast.core.model;

import java.util.List;
import java.util.Locale;

/**
 * The inputs a model may declare in its metadata, in the order the network expects them.
 *
 * <p>All are computed from the key's state and the observation alone, so serving and training (which replays
 * the same state machine over history) compute the same numbers.
 */
public enum Feature {
    /** (y - level) / scale. */
    VALUE,
    /** (y - y[t-m]) / scale, 0 until m values exist. */
    SEASONAL_DIFF,
    /** Time of day, as a point on the unit circle (UTC). */
    HOUR_SIN,
    HOUR_COS,
    /** Day of week, as a point on the unit circle (UTC). */
    DOW_SIN,
    DOW_COS,
    /** (y - y[t-1]) / scale, 0 for the first value: short-lag structure as an input, not only through recurrence. */
    DIFF;

    private static final double DAY_MS = 86_400_000d;
    private static final double WEEK_MS = 7 * DAY_MS;

    /** The name used in model metadata, e.g. {@code seasonal_diff}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The calendar period a feature encodes the phase of (a day for the time of day, a week for the day of week),
     * or 0 for a feature computed from the values.
     */
    public long calendarPeriodMillis() {
        return switch (this) {
            case HOUR_SIN, HOUR_COS -> (long) DAY_MS;
            case DOW_SIN, DOW_COS -> (long) WEEK_MS;
            default -> 0;
        };
    }

    public static Feature fromWireName(String name) {
        for (Feature f : values()) {
            if (f.wireName().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown feature '" + name + "', known: "
                + List.of(values()).stream().map(Feature::wireName).toList());
    }

    /**
     * Encodes one step's features into {@code out}.
     *
     * @param previousValue y[t-1], or NaN when the window does not reach back that far
     * @param seasonalValue y[t-m], or NaN when the window does not reach back that far
     */
    public static void encode(Feature[] features, double value, double previousValue, double seasonalValue,
                              long timestampMillis, double level, double scale, float[] out) {
        for (int i = 0; i < features.length; i++) {
            out[i] = (float) switch (features[i]) {
                case VALUE -> (value - level) / scale;
                case SEASONAL_DIFF -> Double.isNaN(seasonalValue) ? 0.0 : (value - seasonalValue) / scale;
                case DIFF -> Double.isNaN(previousValue) ? 0.0 : (value - previousValue) / scale;
                case HOUR_SIN -> Math.sin(2 * Math.PI * Math.floorMod(timestampMillis, (long) DAY_MS) / DAY_MS);
                case HOUR_COS -> Math.cos(2 * Math.PI * Math.floorMod(timestampMillis, (long) DAY_MS) / DAY_MS);
                // epoch day 0 was a Thursday; the phase is arbitrary but fixed, which is all a model needs
                case DOW_SIN -> Math.sin(2 * Math.PI * Math.floorMod(timestampMillis, (long) WEEK_MS) / WEEK_MS);
                case DOW_COS -> Math.cos(2 * Math.PI * Math.floorMod(timestampMillis, (long) WEEK_MS) / WEEK_MS);
            };
        }
    }
}
