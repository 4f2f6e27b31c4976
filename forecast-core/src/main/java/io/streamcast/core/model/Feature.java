package io.streamcast.core.model;

import java.util.List;
import java.util.Locale;

/**
 * The inputs a model may declare in its metadata, in the order the network expects them.
 *
 * <p>All are computed from the key's state and the observation alone, so serving and training (which replays
 * the same state machine over history) compute the same numbers ({@code core.forecast.ModelInputs}). Values are
 * in the model's {@link Transform} space (the logarithm for a {@link Transform#LOG} model), centred on the key's
 * level and divided by its scale there. Most inputs are one number per step; {@link #SEASON2_AHEAD} is H.
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
    DIFF,
    /** (y - y[t-m2]) / scale for the model's second season m2 (a week of hourly data), 0 beyond the window. */
    SEASON2_DIFF,
    /**
     * H inputs, one per horizon step j: what the second season's naive forecast, y[t + j - m2*ceil(j/m2)], says
     * against the key's baseline for that step, (y2 - baseline) / scale, clipped to +-{@value #AHEAD_CLIP}. The
     * output layer reads one summary of the whole past from the hidden state, so a per-step fact such as "next
     * Saturday looked like this last week" is handed to the network as an input rather than remembered.
     */
    SEASON2_AHEAD;

    /** Bound of the {@link #SEASON2_AHEAD} inputs, in scales: a level shift between weeks must not dominate them. */
    public static final double AHEAD_CLIP = 5.0;

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

    /** How many network inputs this feature is at horizon H: H for {@link #SEASON2_AHEAD}, else one. */
    public int width(int horizon) {
        return this == SEASON2_AHEAD ? horizon : 1;
    }

    /** Whether the feature reads the second season (a model declaring one needs {@code season2 >= 1}). */
    public boolean usesSeason2() {
        return this == SEASON2_DIFF || this == SEASON2_AHEAD;
    }

    /** The network inputs {@code features} make at horizon H. */
    public static int inputSize(Feature[] features, int horizon) {
        int n = 0;
        for (Feature f : features) {
            n += f.width(horizon);
        }
        return n;
    }

    /** The phase of {@code timestampMillis} in this calendar feature's period, as its sine or cosine. */
    public double calendar(long timestampMillis) {
        return switch (this) {
            case HOUR_SIN -> Math.sin(2 * Math.PI * Math.floorMod(timestampMillis, (long) DAY_MS) / DAY_MS);
            case HOUR_COS -> Math.cos(2 * Math.PI * Math.floorMod(timestampMillis, (long) DAY_MS) / DAY_MS);
            // epoch day 0 was a Thursday; the phase is arbitrary but fixed, which is all a model needs
            case DOW_SIN -> Math.sin(2 * Math.PI * Math.floorMod(timestampMillis, (long) WEEK_MS) / WEEK_MS);
            case DOW_COS -> Math.cos(2 * Math.PI * Math.floorMod(timestampMillis, (long) WEEK_MS) / WEEK_MS);
            default -> throw new IllegalStateException(this + " is not a calendar feature");
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
}
