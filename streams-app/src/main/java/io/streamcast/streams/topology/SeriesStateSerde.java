package io.streamcast.streams.topology;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.forecast.SeriesStateCodec;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde over {@link SeriesStateCodec}: the compact binary per-key state (layout in docs/state.md). */
public final class SeriesStateSerde implements Serde<SeriesState> {
    private final SeriesStateCodec codec;

    public SeriesStateSerde(ForecastSettings settings) {
        this.codec = new SeriesStateCodec(settings);
    }

    @Override
    public Serializer<SeriesState> serializer() {
        return (topic, state) -> state == null ? null : codec.encode(state);
    }

    @Override
    public Deserializer<SeriesState> deserializer() {
        // never throws: one corrupt entry must not fail every read of the task (or the expiry scan over it);
        // readers reset the key instead (SeriesState.isUnreadable)
        return (topic, bytes) -> bytes == null ? null : codec.decodeOrUnreadable(bytes);
    }
}
