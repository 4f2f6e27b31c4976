package io.streamcast.cli.replay;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends replay rows to a topic in event-time order with the event time as record timestamp, through an
 * idempotent producer, paced so that event time advances {@code speed} times faster than the wall clock
 * ({@code speed <= 0} = as fast as possible), optionally capped at {@code maxRate} records per second.
 */
public final class Replayer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AtomicLong sent = new AtomicLong();

    public Replayer(String bootstrap, String topic, Properties overrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.putAll(overrides);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    public long sent() {
        return sent.get();
    }

    /** Longest wall-clock pause between two records; longer gaps in event time are compressed to this. */
    static final long MAX_IDLE_NANOS = 2_000_000_000L;

    /**
     * Sends rows[from, to) and flushes. Paced by event time, except that a pause longer than two seconds (a gap
     * in the data, or files recorded at different times) is cut to two seconds.
     *
     * @param speed    event-time speed-up over the wall clock; 0 or less = no pacing
     * @param maxRate  records per second at most; 0 or less = unlimited
     * @param stop     checked between records: stop early when true
     * @param progress called about every second with the rows sent so far
     */
    public void send(List<ReplayRecords.Row> rows, int from, int to, double speed, double maxRate,
                     java.util.function.BooleanSupplier stop, Consumer<Long> progress) throws InterruptedException {
        if (from >= to) {
            return;
        }
        long wallStart = System.nanoTime();
        long eventStart = rows.get(from).timestampMillis();
        long lastProgress = wallStart;
        for (int i = from; i < to && !stop.getAsBoolean(); i++) {
            ReplayRecords.Row row = rows.get(i);
            long dueNanos = 0;
            if (speed > 0) {
                dueNanos = (long) ((row.timestampMillis() - eventStart) * 1_000_000L / speed);
            }
            if (maxRate > 0) {
                dueNanos = Math.max(dueNanos, (long) ((i - from) * 1e9 / maxRate));
            }
            long wait = wallStart + dueNanos - System.nanoTime();
            if (wait > MAX_IDLE_NANOS) {
                // a gap in event time (series recorded at different times): compress it instead of idling
                wallStart -= wait - MAX_IDLE_NANOS;
                wait = MAX_IDLE_NANOS;
            }
            if (wait > 0) {
                producer.flush(); // what is due now should be visible now
                long until = System.nanoTime() + wait;
                for (long left = wait; left > 0 && !stop.getAsBoolean(); left = until - System.nanoTime()) {
                    long slice = Math.min(left, 100_000_000L);
                    Thread.sleep(slice / 1_000_000, (int) (slice % 1_000_000));
                }
                if (stop.getAsBoolean()) {
                    break;
                }
            }
            producer.send(new ProducerRecord<>(topic, null, row.timestampMillis(), row.series(), row.value()));
            sent.incrementAndGet();
            if (progress != null && System.nanoTime() - lastProgress > 1_000_000_000L) {
                lastProgress = System.nanoTime();
                progress.accept(sent.get());
            }
        }
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
