package io.streamcast.cli.bench;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Loads a run's input before the application starts. The input must arrive complete: {@link #close} flushes and
 * fails the run with the broker's first error if any send was refused.
 */
final class Preload implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String what;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> first = new AtomicReference<>();

    Preload(KafkaProducer<String, byte[]> producer, String what) {
        this.producer = producer;
        this.what = what;
    }

    /** Sends {@code record} and waits for the broker's acknowledgement (e.g. the model, before any input). */
    void sendNow(ProducerRecord<String, byte[]> record) throws ExecutionException, InterruptedException {
        producer.send(record).get();
    }

    /** Sends {@code record}; a refusal is counted and fails the run at {@link #close}. */
    void send(ProducerRecord<String, byte[]> record) {
        sent.incrementAndGet();
        producer.send(record, (meta, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                first.compareAndSet(null, error);
            }
        });
    }

    @Override
    public void close() {
        try {
            producer.flush();
            if (failed.get() > 0) {
                throw new IllegalStateException(what + ": the broker refused " + failed.get() + " of " + sent.get()
                        + " input records (first: " + first.get() + ")", first.get());
            }
        } finally {
            producer.close();
        }
    }
}
