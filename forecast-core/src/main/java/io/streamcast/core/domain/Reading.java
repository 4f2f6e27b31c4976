package io.streamcast.core.domain;

/**
 * An observation's value as it arrives, before it is paired with its key: the event time and the value.
 * Only constructed from input that passed validation (see {@code ObservationCodec#parseValue}), so the value is
 * always finite.
 */
public record Reading(long timestampMillis, double value) {
    public Reading {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value is not finite: " + value);
        }
    }

    /** This reading as an observation of the series {@code seriesId}. */
    public Observation of(String seriesId) {
        return new Observation(seriesId, timestampMillis, value);
    }
}
