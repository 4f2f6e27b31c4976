package io.streamcast.it;

import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.streams.config.Topics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

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
        thread = new Thread(() -> read(bootstrapServers, topics), name + "-reader");
        thread.start();
    }

    private void read(String bootstrapServers, Topics topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        ForecastCodec codec = new ForecastCodec();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(topics.forecasts(), topics.deadLetters())) {
                c.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(java.time.Duration.ofMillis(100))) {
                    if (r.topic().equals(topics.forecasts())) {
                        forecasts.add(codec.decode(r.value()));
                    } else {
                        deadLetters.add(r);
                    }
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(10_000);
    }
}
