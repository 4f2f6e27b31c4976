package io.streamcast.trainer.service;

import io.streamcast.core.codec.ObservationCodec;
import io.streamcast.core.codec.SeriesKeys;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.domain.Parsed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The trainer's reader of the history topics ({@link HistoryInputs}: named, or a pattern) into its
 * {@link HistoryStore}: every partition assigned and read from the beginning (no consumer group, nothing
 * committed), so a restarted trainer rebuilds its history from the topics; partitions created later, and topics
 * created later that match the pattern, are picked up within a minute. A pattern is matched here rather than by
 * {@code subscribe(Pattern)}, which needs a consumer group and would commit offsets. Keys are checked as streams-app checks them
 * and records that are not observations are skipped and counted. Used by one thread at a time.
 */
final class HistoryReader implements AutoCloseable {
    private static final long PARTITION_CHECK_NANOS = 60_000_000_000L;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final HistoryInputs inputs;
    private final HistoryStore history;
    private final ObservationCodec codec = new ObservationCodec();
    private final SeriesKeys keys = new SeriesKeys(SeriesKeys.DEFAULT_MAX_BYTES);
    private volatile long rejected;
    private long lastPartitionCheck;

    HistoryReader(Properties consumerProperties, HistoryInputs inputs, HistoryStore history) {
        this.consumer = new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.inputs = inputs;
        this.history = history;
    }

    KafkaConsumer<byte[], byte[]> consumer() {
        return consumer;
    }

    /** Records skipped: not observations, or keys streams-app would dead-letter. */
    long rejected() {
        return rejected;
    }

    /**
     * Assigns every partition of the history topics and reads it from the beginning; later calls add partitions
     * (and topics matching the pattern) created since, read from their beginning too.
     */
    void assignAll() {
        lastPartitionCheck = System.nanoTime();
        List<TopicPartition> all = new ArrayList<>();
        partitions().forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
        Set<TopicPartition> assigned = consumer.assignment();
        List<TopicPartition> added = all.stream().filter(p -> !assigned.contains(p)).toList();
        if (added.isEmpty()) {
            return;
        }
        List<TopicPartition> next = new ArrayList<>(assigned);
        next.addAll(added);
        consumer.assign(next);
        consumer.seekToBeginning(added);
    }

    private List<PartitionInfo> partitions() {
        if (inputs.pattern() == null) {
            List<PartitionInfo> named = new ArrayList<>();
            inputs.topics().forEach(t -> named.addAll(consumer.partitionsFor(t)));
            return named;
        }
        Map<String, List<PartitionInfo>> cluster = consumer.listTopics();
        List<PartitionInfo> matched = new ArrayList<>();
        inputs.resolve(cluster.keySet()).forEach(t -> matched.addAll(cluster.get(t)));
        return matched;
    }

    /** One poll into the history; about once a minute also looks for new partitions. */
    void poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            // keys checked as streams-app checks them: a key that is not UTF-8 would merge with another series,
            // and a huge one would cost its size for as long as the series is held
            Parsed<String> key = keys.decode(r.key());
            Parsed<Observation> parsed = key instanceof Parsed.Ok<String> id ? codec.parse(id.value(), r.value())
                    : null;
            if (parsed instanceof Parsed.Ok<Observation> ok) {
                history.add(ok.value());
            } else {
                rejected++; // streams-app dead-letters these; the trainer only skips them
            }
        }
        if (System.nanoTime() - lastPartitionCheck > PARTITION_CHECK_NANOS) {
            assignAll();
        }
    }

    /** Reads to the topic's end as it is now, telling {@code progress} every 5 s how far it got. */
    void readToCurrentEnd(TrainerLog progress) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long total = end.values().stream().mapToLong(Long::longValue).sum();
        long lastReport = System.nanoTime();
        while (!caughtUp(end)) {
            poll();
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                lastReport = System.nanoTime();
                long at = 0;
                for (TopicPartition p : end.keySet()) {
                    at += consumer.position(p);
                }
                progress.say("reading history: " + at + " of " + total + " records");
            }
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Makes a poll in progress on another thread return (with a WakeupException). */
    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
