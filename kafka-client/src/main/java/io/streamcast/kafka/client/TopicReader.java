package io.streamcast.kafka.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reading topics from their beginning, the two ways streamcast does it: following every record until told to
 * stop (the demo's and the bench's output counters, the tests' output reader), and the latest value per key up
 * to the topic's current end (the trainer's champion, the model archive). Every partition is assigned (no
 * consumer group); keys and values are bytes, as written.
 */
public final class TopicReader {
    private TopicReader() {}

    /**
     * Calls {@code each} for every record of {@code topics}, from their beginning, until {@code stop} is true
     * (checked after every poll).
     *
     * @param consumerProperties a consumer's properties (e.g. {@link KafkaConnection#readCommittedConsumer()})
     */
    public static void follow(Properties consumerProperties, List<String> topics, Duration poll,
                              BooleanSupplier stop, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> c = open(consumerProperties, topics)) {
            while (!stop.getAsBoolean()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(poll)) {
                    each.accept(r);
                }
            }
        }
    }

    /**
     * The latest value per key of a (compacted) topic, read from the beginning to its end as it was when the
     * read began (at most {@code timeout}), in the order the latest values were written (for a one-partition
     * topic: publication order). A null value (tombstone) removes its key. Keys are read as UTF-8.
     *
     * @throws IllegalStateException when the topic could not be read to that end within {@code timeout}: a partial
     *                               view would name an older value as the latest (a trainer would then publish
     *                               its champion over a newer rollback)
     */
    public static Map<String, byte[]> latestByKey(Properties consumerProperties, String topic, Duration timeout) {
        Map<String, byte[]> latest = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readToEnd(consumerProperties, topic, timeout)) {
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            latest.remove(key);
            if (r.value() != null) {
                latest.put(key, r.value());
            }
        }
        return latest;
    }

    /**
     * Every record of {@code topic} from its beginning to its end as it was when the read began (for a
     * {@code read_committed} consumer: its last stable offset), in each partition's order, partitions one after
     * another as the consumer returned them.
     *
     * @throws IllegalStateException when the topic could not be read to that end within {@code timeout}
     */
    public static List<ConsumerRecord<byte[], byte[]>> readToEnd(Properties consumerProperties, String topic,
                                                                 Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = open(consumerProperties, List.of(topic))) {
            Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !caughtUp(c, end)) {
                c.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            if (!caughtUp(c, end)) {
                throw new IllegalStateException(topic + " could not be read to its end within " + timeout.toSeconds()
                        + " s");
            }
        }
        return records;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static KafkaConsumer<byte[], byte[]> open(Properties consumerProperties, List<String> topics) {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            c.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        return c;
    }
}
