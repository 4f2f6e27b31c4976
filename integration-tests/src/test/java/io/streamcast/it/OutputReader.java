package io.streamcast.it;

import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicReader;
import io.streamcast.streams.config.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads everything streams-app wrote to the forecasts and dead-letter topics from the beginning, as a
 * {@code read_committed} consumer sees it: what exactly-once promises downstream readers.
 */
final class OutputReader implements AutoCloseable {
    final List<Forecast> forecasts = Collections.synchronizedList(new ArrayList<>());
    /** Keys as bytes: a dead letter keeps the input's key bytes, which need not be UTF-8. */
    final List<ConsumerRecord<byte[], byte[]>> deadLetters = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    OutputReader(String bootstrapServers, Topics topics, String name) {
        ForecastCodec codec = new ForecastCodec();
        thread = new Thread(() -> TopicReader.follow(KafkaConnection.plaintext(bootstrapServers).readCommittedConsumer(),
                List.of(topics.forecasts(), topics.deadLetters()), Duration.ofMillis(100), stop::get, r -> {
                    if (r.topic().equals(topics.forecasts())) {
                        forecasts.add(codec.decode(r.value()));
                    } else {
                        deadLetters.add(r);
                    }
                }), name + "-reader");
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(10_000);
    }
}
