package io.streamcast.it;

import io.streamcast.cli.stack.OutputFollower;
import io.streamcast.core.domain.Forecast;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Everything streams-app wrote to the forecasts and dead-letter topics from the beginning, as a
 * {@code read_committed} consumer sees it ({@link OutputFollower}), collected.
 */
final class OutputReader implements AutoCloseable {
    final List<Forecast> forecasts = Collections.synchronizedList(new ArrayList<>());
    /** Keys as bytes: a dead letter keeps the input's key bytes, which need not be UTF-8. */
    final List<ConsumerRecord<byte[], byte[]>> deadLetters = Collections.synchronizedList(new ArrayList<>());
    private final OutputFollower follower;

    OutputReader(String bootstrapServers, TopicNames topics, String name) {
        follower = new OutputFollower(KafkaConnection.plaintext(bootstrapServers), topics, name + "-reader",
                forecasts::add, deadLetters::add);
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
    }
}
