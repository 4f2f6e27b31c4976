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
}
