package io.streamcast.core.testing;

import io.streamcast.core.codec.ObservationCodec;
import io.streamcast.core.domain.Observation;

/** Observation values for tests to send, written by {@link ObservationCodec} as the producers' are. */
public final class TestObservations {
    private TestObservations() {}

    private static final ObservationCodec CODEC = new ObservationCodec();
    /** The codec writes no key into the value; an observation needs one all the same. */
    private static final String ANY_KEY = "unused";

    /** The observations topic's value for {@code value} at {@code ts}: {@code {"ts": "<ISO-8601>", "value": v}}. */
    public static byte[] json(long ts, double value) {
        return CODEC.encode(new Observation(ANY_KEY, ts, value));
    }
}
