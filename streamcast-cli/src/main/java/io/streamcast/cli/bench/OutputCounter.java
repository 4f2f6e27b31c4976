package io.streamcast.cli.bench;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.record.TimestampType;

/**
 * Counts a run's output (read_committed) and times it by the broker's append times ({@link
 * BenchDriver#appendTimeOn}): from the first output record's append to the last one's.
 */
final class OutputCounter implements AutoCloseable {
    private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong count = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread reader;

    OutputCounter(BenchDriver driver, BenchDriver.Run run) {
        String topic = run.topics().forecasts();
        reader = new Thread(() -> driver.follow(topic, stop::get, r -> {
            if (r.timestampType() != TimestampType.LOG_APPEND_TIME) {
                throw new IllegalStateException(topic + " is not stamped with append times");
            }
            first.accumulateAndGet(r.timestamp(), Math::min);
            last.accumulateAndGet(r.timestamp(), Math::max);
            count.incrementAndGet();
        }), run.prefix() + "-reader");
        reader.start();
    }

    long count() {
        return count.get();
    }

    /** Seconds from the first output's append to the last one's (millisecond resolution). */
    double seconds() {
        return Math.max(1, last.get() - first.get()) / 1e3;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        reader.join(10_000);
    }
}
