package io.streamcast.cli.stack;

import io.streamcast.core.domain.Forecast;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.kafka.client.TopicReader;
import io.streamcast.streams.serde.StreamsSerdes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Follows what streams-app wrote to the forecasts and dead-letter topics, from their beginning, as a
 * {@code read_committed} consumer sees it (what exactly-once promises downstream readers), on its own thread until
 * closed: the demo's output counter and the integration tests' output reader. Forecasts are decoded with the
 * forecasts topic's serde ({@link StreamsSerdes#forecasts()}); dead letters stay bytes (their key and value are
 * the input's, which need not decode).
 */
public final class OutputFollower implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    /**
     * Starts following.
     *
     * @param onForecast   called with each forecast of the forecasts topic, on the follower's thread
     * @param onDeadLetter called for each record of the dead-letter topic, on the follower's thread
     */
    public OutputFollower(KafkaConnection kafka, TopicNames topics, String threadName,
                          Consumer<Forecast> onForecast, Consumer<ConsumerRecord<byte[], byte[]>> onDeadLetter) {
        Deserializer<Forecast> forecasts = StreamsSerdes.forecasts().deserializer();
        thread = new Thread(() -> TopicReader.follow(kafka.readCommittedConsumer(),
                List.of(topics.forecasts(), topics.deadLetters()), Duration.ofMillis(100), stop::get, r -> {
                    if (r.topic().equals(topics.forecasts())) {
                        onForecast.accept(forecasts.deserialize(r.topic(), r.headers(), r.value()));
                    } else {
                        onDeadLetter.accept(r);
                    }
                }), threadName);
        thread.start();
    }

    /** Stops following: after the poll in progress, waiting up to 10 s. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(10_000);
    }
}
