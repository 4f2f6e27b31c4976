package io.streamcast.cli.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Input sent at a pace and what became of it, for the runs that pace their input ({@link PacedRun},
 * {@link FailoverRun}): when each record was sent, every read of its forecast by a {@code read_committed} reader,
 * and the records the broker refused, which are not expected forecasts. A record and its forecast are matched by
 * series and time: a forecast's record carries its series as key and its observation's timestamp, so the reader
 * need not decode the forecast on the cores the application runs on.
 */
final class PacedLedger implements AutoCloseable {
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> firstReadAt = new ConcurrentHashMap<>();
    private final Map<String, Integer> received = new ConcurrentHashMap<>();
    private final List<long[]> latencies = Collections.synchronizedList(new ArrayList<>()); // {sent, latency}
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicReference<String> firstSendError = new AtomicReference<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread reader;

    /** Starts reading {@code run}'s forecasts topic from its beginning. */
    PacedLedger(BenchDriver driver, BenchDriver.Run run) {
        reader = new Thread(() -> driver.follow(run.topics().forecasts(), stop::get, r -> {
            long now = System.nanoTime();
            String id = new String(r.key(), StandardCharsets.UTF_8) + "@" + r.timestamp();
            firstReadAt.putIfAbsent(id, now);
            received.merge(id, 1, Integer::sum);
            Long sent = sentAt.get(id);
            if (sent != null) {
                latencies.add(new long[] {sent, now - sent});
            }
        }), run.prefix() + "-reader");
        reader.start();
    }

    /**
     * Waits until {@code due} (nanos) and returns the time then. Parked, not spinning: a spinning sender took one of
     * the machine's two cores from the application and the broker; a late wake-up only delays a send, and latency
     * counts from it.
     */
    static long parkUntil(long due) {
        long now;
        while ((now = System.nanoTime()) < due) {
            LockSupport.parkNanos(due - now);
        }
        return now;
    }

    /** Sends {@code record} and notes when; returns its id (series@timestamp). */
    String send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        String id = record.key() + "@" + record.timestamp();
        sentAt.put(id, System.nanoTime());
        producer.send(record, (meta, error) -> {
            if (error != null) { // not an input: it cannot count as a lost forecast
                sentAt.remove(id);
                sendFailures.incrementAndGet();
                firstSendError.compareAndSet(null, error.toString());
            }
        });
        return id;
    }

    /** Waits until {@code total} forecasts were read or {@code atMost} passed, then a second for duplicates. */
    void awaitForecasts(long total, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (received.size() < total && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1_000); // duplicates would arrive now
    }

    long sendFailures() {
        return sendFailures.get();
    }

    String firstSendError() {
        return firstSendError.get();
    }

    /** Records sent, and accepted by the broker, whose forecast was read. */
    long delivered() {
        return received.keySet().stream().filter(sentAt::containsKey).count();
    }

    /** Forecasts read more than once, counted once per extra read. */
    long duplicated() {
        return received.values().stream().mapToLong(c -> c - 1).sum();
    }

    /** Up to {@code limit} ids of accepted records whose forecast was not read, sorted. */
    List<String> missing(int limit) {
        return sentAt.keySet().stream().filter(id -> !received.containsKey(id)).sorted().limit(limit).toList();
    }

    /** When the forecast of record {@code id} was first read, or null. */
    Long firstReadAt(String id) {
        return firstReadAt.get(id);
    }

    /** {sent nanos, latency nanos} for every forecast read of an accepted record, in the order read. */
    List<long[]> latencies() {
        synchronized (latencies) {
            return new ArrayList<>(latencies);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        reader.join(10_000);
    }
}
