package io.streamcast.streams.config;

import io.streamcast.core.domain.AccuracyReport;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.Reading;
import io.streamcast.core.domain.Received;
import io.streamcast.kafka.client.Topic;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.streams.serde.StreamsSerdes;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics streams-app reads and writes, typed: each name (from {@link TopicNames}) with the serdes of its keys
 * and values. The topology's source reads observations through these serdes; readers of its outputs (the
 * demo, the tests, tools) decode with them.
 *
 * @param observations input: keys and values as they arrived, with what they decode to
 * @param forecasts    one forecast per accepted observation (key = series id)
 * @param deadLetters  rejected inputs, unchanged bytes, the reason in headers
 * @param accuracy     a key's rolling accuracy, every N of its observations
 * @param modelUpdates model bundles (key = model name)
 */
public record StreamsTopics(Topic<Received<String>, Received<Reading>> observations, Topic<String, Forecast> forecasts,
                            Topic<byte[], byte[]> deadLetters, Topic<String, AccuracyReport> accuracy,
                            Topic<String, byte[]> modelUpdates) {

    /** The typed topics of these names; input keys longer than {@code maxKeyBytes} do not decode. */
    public static StreamsTopics of(TopicNames names, int maxKeyBytes) {
        return new StreamsTopics(
                new Topic<>(names.observations(), StreamsSerdes.inputKeys(maxKeyBytes), StreamsSerdes.inputValues()),
                new Topic<>(names.forecasts(), Serdes.String(), StreamsSerdes.forecasts()),
                new Topic<>(names.deadLetters(), Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(names.accuracy(), Serdes.String(), StreamsSerdes.accuracyReports()),
                new Topic<>(names.modelUpdates(), Serdes.String(), Serdes.ByteArray()));
    }
}
