package io.streamcast.core.domain;

import java.util.List;
import java.util.Objects;

/**
 * A multi-step forecast for one series, made at {@code originMillis} (the event time of the observation that
 * triggered it) by the model {@code modelVersion} ({@code "baseline"} before any trained model serves the key).
 */
public record Forecast(String seriesId, long originMillis, String modelVersion, List<ForecastPoint> points) {
    public static final String BASELINE_VERSION = "baseline";

    public Forecast {
        Objects.requireNonNull(seriesId, "seriesId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        points = List.copyOf(points);
    }

    public int horizon() {
        return points.size();
    }
}
