package io.streamcast.cli.replay;

import io.streamcast.kafka.client.KafkaConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends replay rows to a topic in event-time order with the event time as record timestamp, through an
 * idempotent producer, paced so that event time advances {@code speed} times faster than the wall clock
 * ({@code speed <= 0} = as fast as possible), optionally capped at {@code maxRate} records per second.
 *
 * <p>Every send has a callback: {@link #failed()} counts the records the producer could not deliver and
 * {@link #firstFailure()} says why the first one failed; {@link #delivered()} is what the broker acknowledged.
 */
public final class Replayer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final Callback onCompletion = (metadata, e) -> {
        if (e != null) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    };

    /** Sends to the cluster of {@code kafka}, with its pass-through client properties (security etc.). */
    public Replayer(KafkaConnection kafka, String topic) {
        this.producer = new KafkaProducer<>(producerProperties(kafka), new StringSerializer(),
                new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends to {@code bootstrap} with {@code properties} as the pass-through client properties (tests). */
    public Replayer(String bootstrap, String topic, Properties properties) {
        this(new KafkaConnection(bootstrap, asMap(properties)), topic);
    }

    /**
     * The producer's properties: bootstrap servers and the pass-through properties; {@code linger.ms=10} unless
     * they set it; idempotence and {@code acks=all} whatever they set (each record once, in order).
     */
    public static Properties producerProperties(KafkaConnection kafka) {
        Properties p = kafka.idempotentProducer();
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "10");
        return p;
    }

    private static Map<String, String> asMap(Properties properties) {
        Map<String, String> m = new HashMap<>();
        properties.forEach((k, v) -> m.put(k.toString(), v.toString()));
        return m;
    }

    /** Records handed to the producer (delivered, failed or, before {@link #send} returned, in flight). */
    public long sent() {
        return sent.get();
    }

    /** Records whose send failed; final once {@link #send} returned (it flushes, and callbacks run first). */
    public long failed() {
        return failed.get();
    }

    /** Records the broker acknowledged, {@code sent() - failed()}; exact once {@link #send} returned. */
    public long delivered() {
        return sent.get() - failed.get();
    }

    /** Why the first failed send failed ("ExceptionClass: message"), or null when none failed. */
    public String firstFailure() {
        return firstFailure.get();
    }

    /** Longest wall-clock pause between two records; longer gaps in event time are compressed to this. */
    public static final long MAX_IDLE_NANOS = 2_000_000_000L;

    /**
     * Sends rows[from, to) and flushes, so that on return every record sent so far is delivered or counted in
     * {@link #failed()}; a failed send does not stop the rest. Paced by event time, except that a pause longer
     * than two seconds (a gap in the data, or files recorded at different times) is cut to two seconds.
     *
     * @param speed    event-time speed-up over the wall clock; 0 or less = no pacing
     * @param maxRate  records per second at most; 0 or less = unlimited
     * @param stop     checked between records: stop early when true
     * @param progress called about every second with the rows sent so far
     */
    public void send(List<ReplayRecords.Row> rows, int from, int to, double speed, double maxRate,
                     BooleanSupplier stop, Consumer<Long> progress) throws InterruptedException {
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
            sent.incrementAndGet(); // before the send: its callback may run in it, and failed() <= sent() always
            try {
                producer.send(new ProducerRecord<>(topic, null, row.timestampMillis(), row.series(), row.value()),
                        onCompletion);
            } catch (InterruptException e) {
                throw e;
            } catch (KafkaException e) { // what the producer throws instead of calling back, e.g. once closed
                onCompletion.onCompletion(null, e);
            }
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
