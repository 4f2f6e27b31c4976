package io.streamcast.cli.bench;

import io.streamcast.core.model.ModelBundle;
import io.streamcast.streams.topology.ForecastTopology;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * The forecasting topology with many keys of full state, as a restart on a new machine finds them: every key's
 * primed state is written to the state changelog before the application starts; the application restores it
 * (timed), then steps every key.
 */
final class ScalingRun {
    /**
     * One key-scaling run.
     *
     * @param restoreSeconds NaN if no restore of the state store was seen
     * @param rssMb          resident set size of the whole JVM, -1 where /proc is missing
     */
    record Result(int keys, long records, double rps, int stateBytesPerKey, double storeBytesPerKey,
                  double changelogBytesPerKey, double changelogBytesPerRecord, double restoreSeconds,
                  long restoredRecords, long heapUsedMb, long rssMb) {}

    private final BenchDriver driver;
    private final BenchInput input;

    ScalingRun(BenchDriver driver, BenchInput input) {
        this.driver = driver;
        this.input = input;
    }

    /**
     * The forecasting topology with {@code keys} keys of full state: every key's primed state (full window,
     * carried LSTM state of {@code bundle}: {@code state}, from {@link BenchInput#primed}) is written to the state
     * changelog before the application starts, as a restart on a new machine finds it; the application restores
     * it (timed), then processes {@code records} observations that continue every key's series (round robin, so
     * each is a carried step of a restored key). Reports throughput, restore time, store and changelog bytes per
     * key, changelog bytes per record, heap and resident memory.
     */
    Result run(int keys, int records, ModelBundle bundle, byte[] state) throws Exception {
        BenchDriver.Run run = driver.newRun("scale" + keys);
        String changelog = run.prefix() + "-" + ForecastTopology.STATE_STORE + "-changelog";
        driver.appendTimeOn(run.topics().forecasts());
        driver.createCompacted(changelog);
        driver.say(String.format("bench: scaling %,d keys: writing %,d states of %d B to the changelog and %,d "
                + "observations ...", keys, keys, state.length, records));
        try (Preload load = driver.preload("scaling")) {
            load.sendNow(run.model(bundle));
            for (int k = 0; k < keys; k++) {
                load.send(new ProducerRecord<>(changelog, BenchInput.key(k), state));
            }
            for (int i = 0; i < records; i++) {
                load.send(input.record(run.topics().observations(), i, keys, input.primedSteps()));
            }
        }
        long changelogBefore = driver.topicBytes(changelog);
        Restores restores = new Restores();
        long heapMb;
        long rssMb;
        double seconds;
        try (OutputCounter out = new OutputCounter(driver, run);
             KafkaStreams streams = new KafkaStreams(ForecastTopology.build(run.config()),
                     run.config().toStreamsProperties())) {
            streams.setGlobalStateRestoreListener(restores);
            streams.start();
            driver.awaitOutputs("scaling " + keys + " keys", run, streams, out, records, () -> !restores.ended());
            System.gc();
            heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            rssMb = residentMb();
            streams.close(Duration.ofSeconds(60));
            seconds = out.seconds();
        }
        long changelogAfter = driver.topicBytes(changelog);
        long store = directoryBytes(run.stateDir());
        driver.deleteTopics(run);
        Result r = new Result(keys, records, (records - 1) / seconds, state.length, (double) store / keys,
                (double) changelogBefore / keys, (double) (changelogAfter - changelogBefore) / records,
                restores.seconds(), restores.restored.get(), heapMb, rssMb);
        driver.say(String.format("bench: scaling %,d keys: restored %,d states in %.1f s, then %.0f records/s",
                keys, r.restoredRecords(), r.restoreSeconds(), r.rps()));
        return r;
    }

    /** Restores of the forecaster's state store: from the first start to the last end, and the records restored. */
    private static final class Restores implements StateRestoreListener {
        private final AtomicLong start = new AtomicLong();
        private final AtomicLong end = new AtomicLong();
        private final AtomicLong restored = new AtomicLong();

        @Override
        public void onRestoreStart(TopicPartition tp, String store, long startOffset, long endOffset) {
            if (store.equals(ForecastTopology.STATE_STORE)) {
                start.compareAndSet(0, System.nanoTime());
            }
        }

        @Override
        public void onBatchRestored(TopicPartition tp, String store, long batchEndOffset, long n) {
            if (store.equals(ForecastTopology.STATE_STORE)) {
                restored.addAndGet(n);
            }
        }

        @Override
        public void onRestoreEnd(TopicPartition tp, String store, long totalRestored) {
            if (store.equals(ForecastTopology.STATE_STORE)) {
                end.set(System.nanoTime());
            }
        }

        boolean ended() {
            return end.get() != 0;
        }

        double seconds() {
            return ended() ? (end.get() - start.get()) / 1e9 : Double.NaN;
        }
    }

    private static long directoryBytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Resident set size of this JVM (heap, RocksDB, ND4J and the embedded broker), from /proc; -1 elsewhere. */
    private static long residentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
