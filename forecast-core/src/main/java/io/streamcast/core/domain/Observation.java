package io.streamcast.core.domain;

import java.util.Objects;

/**
 * One reading of one series: the value observed at an event time.
 *
 * <p>Only constructed from input that passed validation (see {@code ObservationCodec}), so the value is
 * always finite and the series id never blank.
 */
public record Observation(String seriesId, long timestampMillis, double value) {
    public Observation {
        Objects.requireNonNull(seriesId, "seriesId");
        if (seriesId.isBlank()) {
            throw new IllegalArgumentException("seriesId is blank");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value is not finite: " + value);
        }
    }
}
