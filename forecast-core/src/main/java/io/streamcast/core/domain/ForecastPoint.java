package io.streamcast.core.domain;

/**
 * One horizon step of a forecast: the mean prediction for {@code targetMillis} and its prediction interval
 * {@code [lower, upper]} at the service's nominal coverage.
 */
public record ForecastPoint(int step, long targetMillis, double mean, double lower, double upper) {
    public ForecastPoint {
        if (step < 1) {
            throw new IllegalArgumentException("step must be >= 1: " + step);
        }
        if (!(lower <= mean && mean <= upper)) {
            throw new IllegalArgumentException(
                    "interval must contain the mean: lower=" + lower + " mean=" + mean + " upper=" + upper);
        }
    }

    /**
     * The point with the interval {@code [mean - halfWidth, mean + halfWidth]} computed in float arithmetic (each
     * bound rounded once to the nearest float, kept within the finite float range): how the forecaster builds its
     * points and how the compact wire format ({@code ForecastCodec}) reads them back, so both give the same
     * point. Rounding is monotone, so {@code lower <= mean <= upper} holds for any {@code halfWidth >= 0}.
     */
    public static ForecastPoint symmetric(int step, long targetMillis, float mean, float halfWidth) {
        return new ForecastPoint(step, targetMillis, mean, lowerBound(mean, halfWidth), upperBound(mean, halfWidth));
    }

    /**
     * {@link #symmetric}, but the lower bound not below {@code floor}, the series' support (0 for a series that is
     * positive): {@code lower = max(floor, mean - halfWidth)} when {@code mean >= floor}; a mean below the floor
     * keeps its symmetric interval, so {@code lower <= mean} holds. A NaN floor is no floor.
     */
    public static ForecastPoint floored(int step, long targetMillis, float mean, float halfWidth, float floor) {
        return new ForecastPoint(step, targetMillis, mean, flooredLowerBound(mean, halfWidth, floor),
                upperBound(mean, halfWidth));
    }

    /** The lower bound of {@link #floored}: {@link #lowerBound}, raised to {@code floor} when the mean is above it. */
    public static float flooredLowerBound(float mean, float halfWidth, float floor) {
        float lower = lowerBound(mean, halfWidth);
        return mean >= floor && lower < floor ? floor : lower; // false for a NaN floor
    }

    /** {@code mean - halfWidth} rounded to a float, at least {@code -Float.MAX_VALUE}. */
    public static float lowerBound(float mean, float halfWidth) {
        return Math.max(-Float.MAX_VALUE, mean - halfWidth);
    }

    /** {@code mean + halfWidth} rounded to a float, at most {@code Float.MAX_VALUE}. */
    public static float upperBound(float mean, float halfWidth) {
        return Math.min(Float.MAX_VALUE, mean + halfWidth);
    }
}
