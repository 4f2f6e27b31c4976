package io.streamcast.cli.bench;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicReader;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.config.TopicSetup;
import io.streamcast.streams.config.Topics;
import io.streamcast.streams.topology.ForecastTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * End-to-end runs on a real broker (exactly-once, streams-app's settings): throughput of the forecasting
 * topology against the passthroughs of {@link BenchTopologies} on the same pre-loaded input, latency of paced
 * input, and forecasts lost or duplicated while models are swapped under load.
 */
final class TopologyBench {
    enum Variant { FORECASTER, PASSTHROUGH, RAW_PASSTHROUGH, STATELESS }

    /** One throughput run: records per second between the broker's appends of the first and the last output. */
    record Throughput(Variant variant, int keys, long records, double seconds, double rps, long changelogBytes) {}

    /** A paced run: latency from produce to read_committed consume, and the swap accounting. */
    record Paced(double p50Ms, double p99Ms, double p99SteadyMs, double p99SwapMs, long expected, long lost,
                 long duplicated, int swaps, long sendFailures) {}

    private final String bootstrap;
    /** The bench's own embedded broker: plaintext loopback, no client properties from the user. */
    private final KafkaConnection kafka;
    private final ForecastSettings settings;
    private final Path stateRoot;
    private final Consumer<String> say;
    private final BenchInput input;
    private int runs;

    TopologyBench(String bootstrap, ForecastSettings settings, Path stateRoot, Consumer<String> say) {
        this.bootstrap = bootstrap;
        this.kafka = KafkaConnection.plaintext(bootstrap);
        this.settings = settings;
        this.stateRoot = stateRoot;
        this.say = say;
        this.input = new BenchInput(settings);
    }

    /** One key-scaling run: see {@link #scaling}. */
    record Scaling(int keys, long records, double rps, int stateBytesPerKey, double storeBytesPerKey,
                   double changelogBytesPerKey, double changelogBytesPerRecord, double restoreSeconds,
                   long restoredRecords, long heapUsedMb, long rssMb) {}

    /**
     * The forecasting topology with {@code keys} keys of full state: every key's primed state (full window,
     * carried LSTM state of {@code bundle}: {@code state}, from {@link BenchInput#primed}) is written to the state
     * changelog before the application starts, as a restart on a new machine finds it; the application restores
     * it (timed), then processes {@code records}
     * observations that continue every key's series (round robin, so each is a carried step of a restored key).
     * Reports throughput, restore time, store and changelog bytes per key, changelog bytes per record, heap and
     * resident memory.
     */
    Scaling scaling(int keys, int records, ModelBundle bundle, byte[] state) throws Exception {
        String prefix = "bench" + (++runs) + "-scale" + keys;
        Topics topics = topics(prefix);
        String changelog = prefix + "-" + ForecastTopology.STATE_STORE + "-changelog";
        try (Admin admin = Admin.create(kafka.admin())) {
            TopicSetup.ensure(admin, topics, 2, (short) 1);
            appendTimeOn(admin, topics.forecasts());
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(changelog, 2, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
            TopicSetup.awaitPartitionsServed(admin, List.of(changelog), Duration.ofSeconds(60));
        }
        say.accept(String.format("bench: scaling %,d keys: writing %,d states of %d B to the changelog and %,d "
                + "observations ...", keys, keys, state.length, records));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topics.modelUpdates(), "streamcast-lstm", bundle.toBytes())).get();
            CheckedSends check = new CheckedSends();
            for (int k = 0; k < keys; k++) {
                producer.send(new ProducerRecord<>(changelog, BenchInput.key(k), state), check);
            }
            for (int i = 0; i < records; i++) {
                producer.send(input.record(topics.observations(), i, keys, input.primedSteps()), check);
            }
            producer.flush();
            check.throwIfAny("scaling", keys + records);
        }
        long changelogBefore = topicBytes(changelog);
        StreamsAppConfig config = StreamsAppConfig.defaults(bootstrap).withForecast(settings).withTopics(topics)
                .withApplicationId(prefix).withStateDir(stateRoot.resolve(prefix)).withModelTrust(BenchModels.TRUST);
        AtomicLong restoreStart = new AtomicLong();
        AtomicLong restoreEnd = new AtomicLong();
        AtomicLong restored = new AtomicLong();
        long heapMb;
        long rssMb;
        double seconds;
        try (OutputCounter out = new OutputCounter(topics.forecasts(), prefix);
             KafkaStreams streams = new KafkaStreams(ForecastTopology.build(config), config.toStreamsProperties())) {
            streams.setGlobalStateRestoreListener(new org.apache.kafka.streams.processor.StateRestoreListener() {
                @Override
                public void onRestoreStart(TopicPartition tp, String store, long startOffset, long endOffset) {
                    if (store.equals(ForecastTopology.STATE_STORE)) {
                        restoreStart.compareAndSet(0, System.nanoTime());
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
                        restoreEnd.set(System.nanoTime());
                    }
                }
            });
            streams.start();
            awaitOutputs("scaling " + keys + " keys", prefix, streams, out, records, () -> restoreEnd.get() == 0);
            System.gc();
            heapMb = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            rssMb = residentMb();
            streams.close(Duration.ofSeconds(60));
            seconds = out.seconds();
        }
        long changelogAfter = topicBytes(changelog);
        long store = directoryBytes(stateRoot.resolve(prefix));
        deleteTopics(prefix);
        Scaling sc = new Scaling(keys, records, (records - 1) / seconds, state.length, (double) store / keys,
                (double) changelogBefore / keys, (double) (changelogAfter - changelogBefore) / records,
                restoreEnd.get() == 0 ? Double.NaN : (restoreEnd.get() - restoreStart.get()) / 1e9, restored.get(),
                heapMb, rssMb);
        say.accept(String.format("bench: scaling %,d keys: restored %,d states in %.1f s, then %.0f records/s",
                keys, sc.restoredRecords(), sc.restoreSeconds(), sc.rps()));
        return sc;
    }

    private static long directoryBytes(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return 0;
        }
        try (var files = java.nio.file.Files.walk(dir)) {
            return files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Resident set size of this JVM (heap, RocksDB, ND4J and the embedded broker), from /proc; -1 elsewhere. */
    private static long residentMb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private Topics topics(String prefix) {
        return new Topics(prefix + "-observations", prefix + "-forecasts", prefix + "-dlq", prefix + "-model-updates",
                prefix + "-accuracy");
    }

    private KafkaProducer<String, byte[]> producer() {
        return producer(20);
    }

    /** @param lingerMs 20 for bulk loading; 0 for paced input, where a record should leave when it is due */
    private KafkaProducer<String, byte[]> producer(int lingerMs) {
        Properties p = kafka.producer();
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(16 << 20));
        // A loaded 2-core machine (the broker shares the JVM) once kept a batch unsent past the default 2-minute
        // delivery timeout and the run failed on 104 refused records; a bench input should wait, not expire.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** One throughput run of {@code variant} on a fresh set of topics; a warm-up run says so in its progress line. */
    Throughput throughput(Variant variant, int keys, int records, ModelBundle bundle, BenchInput.Primed primed,
                          boolean warmUp)
            throws Exception {
        String prefix = "bench" + (++runs) + "-" + variant.name().toLowerCase();
        Topics topics = topics(prefix);
        try (Admin admin = Admin.create(kafka.admin())) {
            TopicSetup.ensure(admin, topics, 2, (short) 1);
            appendTimeOn(admin, topics.forecasts());
        }
        try (KafkaProducer<String, byte[]> producer = producer()) {
            if (variant == Variant.FORECASTER) {
                producer.send(new ProducerRecord<>(topics.modelUpdates(), "streamcast-lstm", bundle.toBytes())).get();
            }
            CheckedSends check = new CheckedSends();
            for (int i = 0; i < records; i++) {
                producer.send(input.record(topics.observations(), i, keys, 0), check);
            }
            producer.flush();
            check.throwIfAny(variant.toString(), records);
        }
        StreamsAppConfig config = StreamsAppConfig.defaults(bootstrap).withForecast(settings).withTopics(topics)
                .withApplicationId(prefix).withStateDir(stateRoot.resolve(prefix)).withModelTrust(BenchModels.TRUST);
        Topology topology = switch (variant) {
            case FORECASTER -> ForecastTopology.build(config);
            case PASSTHROUGH -> BenchTopologies.statefulPassthrough(topics.observations(), topics.forecasts(),
                    settings, primed.state(), primed.forecast());
            case RAW_PASSTHROUGH -> BenchTopologies.rawPassthrough(topics.observations(), topics.forecasts(),
                    primed.state().length, primed.encodedForecast());
            case STATELESS -> BenchTopologies.statelessPassthrough(topics.observations(), topics.forecasts());
        };
        String name = variant.name().toLowerCase() + (warmUp ? " (warm-up)" : "");
        say.accept(String.format("bench: %s, %d records over %d keys ...", name, records, keys));
        double seconds;
        try (OutputCounter out = new OutputCounter(topics.forecasts(), prefix);
             KafkaStreams streams = new KafkaStreams(topology, config.toStreamsProperties())) {
            streams.start();
            awaitOutputs(variant.toString(), prefix, streams, out, records, () -> false);
            streams.close(Duration.ofSeconds(30));
            seconds = out.seconds();
        }
        long changelog = variant == Variant.STATELESS ? 0 : topicBytes(prefix + "-" + (variant == Variant.FORECASTER
                ? ForecastTopology.STATE_STORE : BenchTopologies.STORE) + "-changelog");
        Throughput t = new Throughput(variant, keys, records, seconds, (records - 1) / seconds, changelog);
        deleteTopics(prefix);
        say.accept(String.format("bench: %s: %.0f records/s", name, t.rps()));
        return t;
    }

    /**
     * Input paced at {@code rate} records/s for {@code seconds}; in the second half a new model is published every
     * {@code swapEvery}. Latency percentiles of the first half are the steady state; the swap figures compare
     * records produced within a second after a publish with the steady half.
     */
    Paced paced(int keys, int rate, int seconds, Duration swapEvery, ModelBundle first,
                java.util.function.IntFunction<ModelBundle> nextModel) throws Exception {
        String prefix = "bench" + (++runs) + "-paced";
        Topics topics = topics(prefix);
        try (Admin admin = Admin.create(kafka.admin())) {
            TopicSetup.ensure(admin, topics, 2, (short) 1);
        }
        StreamsAppConfig config = StreamsAppConfig.defaults(bootstrap).withForecast(settings).withTopics(topics)
                .withApplicationId(prefix).withStateDir(stateRoot.resolve(prefix)).withModelTrust(BenchModels.TRUST);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Integer> received = new ConcurrentHashMap<>();
        List<long[]> latencies = java.util.Collections.synchronizedList(new ArrayList<>()); // {sentNanos, latencyNanos}
        AtomicBoolean stop = new AtomicBoolean();
        // A forecast's record carries its series as key and its observation's timestamp (here its origin), so
        // the reader need not decode 4.5 KB of JSON per forecast on the cores the application runs on.
        Thread reader = new Thread(() -> read(topics.forecasts(), stop, r -> {
            long now = System.nanoTime();
            String id = new String(r.key(), java.nio.charset.StandardCharsets.UTF_8) + "@" + r.timestamp();
            received.merge(id, 1, Integer::sum);
            Long sent = sentAt.get(id);
            if (sent != null) {
                latencies.add(new long[] {sent, now - sent});
            }
        }), prefix + "-reader");
        reader.start();
        List<Long> publishedAt = new ArrayList<>();
        AtomicLong sendFailures = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> firstSendError = new java.util.concurrent.atomic.AtomicReference<>();
        int total = rate * seconds;
        say.accept(String.format("bench: paced %d records/s for %d s over %d keys, a model swap every %d s in the "
                + "second half ...", rate, seconds, keys, swapEvery.toSeconds()));
        try (KafkaProducer<String, byte[]> producer = producer(0);
             KafkaStreams streams = new KafkaStreams(ForecastTopology.build(config), config.toStreamsProperties())) {
            producer.send(new ProducerRecord<>(topics.modelUpdates(), "streamcast-lstm", first.toBytes())).get();
            streams.start();
            long wait = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < wait) {
                Thread.sleep(50);
            }
            long start = System.nanoTime();
            long nextSwap = start + seconds * 500_000_000L;
            int swaps = 0;
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long now;
                while ((now = System.nanoTime()) < due) {
                    // parked, not spinning: a spinning sender took one of the machine's two cores from the
                    // application and the broker; a late wake-up only delays a send, and latency counts from it
                    java.util.concurrent.locks.LockSupport.parkNanos(due - now);
                }
                if (now >= nextSwap) {
                    producer.send(new ProducerRecord<>(topics.modelUpdates(), "streamcast-lstm",
                            nextModel.apply(++swaps).toBytes()));
                    publishedAt.add(now);
                    nextSwap += swapEvery.toNanos();
                }
                ProducerRecord<String, byte[]> rec = input.record(topics.observations(), i, keys, 0);
                String id = rec.key() + "@" + rec.timestamp();
                sentAt.put(id, System.nanoTime());
                producer.send(rec, (meta, error) -> {
                    if (error != null) { // not an input: it cannot count as a lost forecast
                        sentAt.remove(id);
                        sendFailures.incrementAndGet();
                        firstSendError.compareAndSet(null, error.toString());
                    }
                });
            }
            producer.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < total && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(1_000); // duplicates would arrive now
            streams.close(Duration.ofSeconds(30));
            stop.set(true);
            reader.join(10_000);
            long mid = start + seconds * 500_000_000L;
            long warm = start + seconds * 200_000_000L; // the first fifth warms JIT, caches and the model copy
            List<Long> steady = new ArrayList<>();
            List<Long> swap = new ArrayList<>();
            List<Long> all = new ArrayList<>();
            synchronized (latencies) {
                for (long[] l : latencies) {
                    if (l[0] < warm) {
                        continue;
                    }
                    all.add(l[1]);
                    if (l[0] < mid) {
                        steady.add(l[1]);
                    } else if (nearAPublish(l[0], publishedAt)) {
                        swap.add(l[1]);
                    }
                }
            }
            if (sendFailures.get() > 0) {
                say.accept("bench: " + sendFailures.get() + " input records were not accepted by the broker (first: "
                        + firstSendError.get() + "); they are not counted as expected forecasts");
            }
            long expected = total - sendFailures.get();
            long distinct = received.keySet().stream().filter(sentAt::containsKey).count();
            long duplicated = received.values().stream().mapToLong(c -> c - 1).sum();
            if (distinct < expected) {
                List<String> missing = sentAt.keySet().stream().filter(id -> !received.containsKey(id)).sorted()
                        .limit(5).toList();
                say.accept("bench: no forecast read for " + (expected - distinct) + " records, e.g. " + missing
                        + "; dead letters on " + topics.deadLetters() + ": " + topicBytes(topics.deadLetters())
                        + " bytes");
            }
            deleteTopics(prefix);
            return new Paced(percentile(steady, 0.5), percentile(steady, 0.99), percentile(steady, 0.99),
                    percentile(swap, 0.99), expected, expected - distinct, duplicated, swaps, sendFailures.get());
        } finally {
            stop.set(true);
            reader.join(10_000);
        }
    }

    /** A send callback that counts what the broker refused, for a preload that must be complete. */
    private static final class CheckedSends implements org.apache.kafka.clients.producer.Callback {
        private final AtomicLong failed = new AtomicLong();
        private final java.util.concurrent.atomic.AtomicReference<Exception> first =
                new java.util.concurrent.atomic.AtomicReference<>();

        @Override
        public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata meta, Exception error) {
            if (error != null) {
                failed.incrementAndGet();
                first.compareAndSet(null, error);
            }
        }

        /** After a flush: fails the run with the broker's first error if any send was refused. */
        void throwIfAny(String what, long sent) {
            if (failed.get() > 0) {
                throw new IllegalStateException(what + ": the broker refused " + failed.get() + " of " + sent
                        + " input records (first: " + first.get() + ")", first.get());
            }
        }
    }

    /**
     * Has the broker stamp {@code topic}'s records with their append time, which {@link OutputCounter} measures
     * by: the time a read_committed reader sees output is the time of the transaction commit that made it
     * visible, and a run whose first commit came late looked many times faster (records processed before it
     * were not timed at all: a stateless run "did" 2.9 million records/s).
     */
    private static void appendTimeOn(Admin admin, String topic) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"),
                        AlterConfigOp.OpType.SET)))).all().get();
    }

    /**
     * Counts a run's output (read_committed) and times it by the broker's append times ({@link #appendTimeOn}):
     * from the first output record's append to the last one's.
     */
    private final class OutputCounter implements AutoCloseable {
        private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong count = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread reader;

        OutputCounter(String topic, String prefix) {
            reader = new Thread(() -> read(topic, stop, r -> {
                if (r.timestampType() != TimestampType.LOG_APPEND_TIME) {
                    throw new IllegalStateException(topic + " is not stamped with append times");
                }
                first.accumulateAndGet(r.timestamp(), Math::min);
                last.accumulateAndGet(r.timestamp(), Math::max);
                count.incrementAndGet();
            }), prefix + "-reader");
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

    /**
     * Waits until {@code records} outputs were read; fails with a stall dump after 90 s without a new output
     * while {@code busy} (e.g. restoring state) is false.
     */
    private void awaitOutputs(String what, String prefix, KafkaStreams streams, OutputCounter out, long records,
                              java.util.function.BooleanSupplier busy) throws InterruptedException {
        long seen = -1;
        long lastProgress = System.nanoTime();
        while (out.count() < records) {
            Thread.sleep(50);
            if (out.count() != seen || busy.getAsBoolean()) {
                seen = out.count();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(90).toNanos()) {
                dumpStall(prefix, streams);
                throw new IllegalStateException(String.format("%s stalled: %d of %d outputs after 90 s without "
                        + "progress (Kafka Streams %s)", what, seen, records, streams.state()));
            }
        }
    }

    /** What a stalled run looks like: the app's group offsets against the input's end, and its threads. */
    private void dumpStall(String prefix, KafkaStreams streams) {
        try (Admin admin = Admin.create(kafka.admin())) {
            var committed = admin.listConsumerGroupOffsets(prefix).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            var stable = admin.listOffsets(latest, new org.apache.kafka.clients.admin.ListOffsetsOptions(
                    org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get();
            committed.forEach((tp, o) -> say.accept("bench: stall: " + tp + " committed " + o.offset() + " of "
                    + ends.get(tp).offset() + " (last stable offset " + stable.get(tp).offset() + ")"));
            admin.describeProducers(committed.keySet()).all().get().forEach((tp, d) -> d.activeProducers()
                    .forEach(ps -> say.accept("bench: stall: " + tp + " producer " + ps)));
        } catch (Exception e) {
            say.accept("bench: stall: offsets unavailable: " + e);
        }
        streams.metadataForLocalThreads().forEach(t -> say.accept("bench: stall: thread " + t.threadName() + " "
                + t.threadState() + " active " + t.activeTasks()));
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().contains(prefix)) {
                StringBuilder b = new StringBuilder("bench: stall: " + t.getName() + " " + t.getState());
                for (int i = 0; i < Math.min(stack.length, 20); i++) {
                    b.append("\n    at ").append(stack[i]);
                }
                say.accept(b.toString());
            }
        });
    }

    private static boolean nearAPublish(long sent, List<Long> publishedAt) {
        for (long p : publishedAt) {
            if (sent >= p && sent < p + 1_000_000_000L) {
                return true;
            }
        }
        return false;
    }

    private static double percentile(List<Long> nanos, double q) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }

    /**
     * Deletes a finished run's topics (input, output, changelogs): otherwise the broker's log cleaner compacts the
     * earlier runs' changelogs (hundreds of MB in a full run) on the same two cores while later runs are measured.
     */
    private void deleteTopics(String prefix) throws Exception {
        try (Admin admin = Admin.create(kafka.admin())) {
            List<String> mine = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix + "-"))
                    .toList();
            admin.deleteTopics(mine).all().get();
        }
    }

    /** Bytes the broker holds for a topic (all partitions), e.g. a changelog's bytes written so far. */
    long topicBytes(String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.admin())) {
            int broker = admin.describeCluster().nodes().get().iterator().next().id();
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(broker)).allDescriptions().get()
                    .get(broker);
            long bytes = 0;
            for (LogDirDescription d : dirs.values()) {
                for (var e : d.replicaInfos().entrySet()) {
                    if (e.getKey().topic().equals(topic)) {
                        bytes += e.getValue().size();
                    }
                }
            }
            return bytes;
        }
    }

    private void read(String topic, AtomicBoolean stop, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties p = kafka.readCommittedConsumer();
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        TopicReader.follow(p, List.of(topic), Duration.ofMillis(100), stop::get, each);
    }
}
