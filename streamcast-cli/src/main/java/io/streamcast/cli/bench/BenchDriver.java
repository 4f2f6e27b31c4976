package io.streamcast.cli.bench;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.kafka.client.TopicReader;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.config.TopicSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What every end-to-end run of the bench shares, on the bench's own embedded broker (plaintext loopback, no client
 * properties from the user): a fresh set of topics and a streams-app configuration per run ({@link #newRun}),
 * producers, reading output, waiting for it with a stall dump, the broker's log sizes, and deleting a finished
 * run's topics. The run kinds are {@link ThroughputRun}, {@link PacedRun} and {@link ScalingRun}.
 */
final class BenchDriver {
    private final String bootstrap;
    private final KafkaConnection kafka;
    private final ForecastSettings settings;
    private final Path stateRoot;
    private final Consumer<String> say;
    private int runs;

    BenchDriver(String bootstrap, ForecastSettings settings, Path stateRoot, Consumer<String> say) {
        this.bootstrap = bootstrap;
        this.kafka = KafkaConnection.plaintext(bootstrap);
        this.settings = settings;
        this.stateRoot = stateRoot;
        this.say = say;
    }

    /**
     * One run's names and configuration: topics and application id start with {@code prefix}, the state directory
     * is its own.
     */
    record Run(String prefix, TopicNames topics, StreamsAppConfig config) {
        Path stateDir() {
            return config.stateDir();
        }

        /** The record that publishes {@code bundle} on this run's model topic, under the model name it serves. */
        ProducerRecord<String, byte[]> model(ModelBundle bundle) {
            return new ProducerRecord<>(topics.modelUpdates(), config.modelName(), bundle.toBytes());
        }
    }

    /** A new run of {@code kind} with streams-app's topics created (two input partitions). */
    Run newRun(String kind) throws Exception {
        String prefix = "bench" + (++runs) + "-" + kind;
        TopicNames topics = TopicNames.prefixed(prefix);
        try (Admin admin = Admin.create(kafka.admin())) {
            TopicSetup.ensure(admin, topics, 2, (short) 1);
        }
        StreamsAppConfig config = StreamsAppConfig.defaults(bootstrap).withForecast(settings).withTopics(topics)
                .withApplicationId(prefix).withStateDir(stateRoot.resolve(prefix)).withModelTrust(BenchModels.TRUST);
        return new Run(prefix, topics, config);
    }

    /** The bench broker's bootstrap servers, for an instance started as its own process. */
    String bootstrap() {
        return bootstrap;
    }

    void say(String message) {
        say.accept(message);
    }

    /**
     * Has the broker stamp {@code topic}'s records with their append time, which {@link OutputCounter} measures
     * by: the time a read_committed reader sees output is the time of the transaction commit that made it
     * visible, and a run whose first commit came late looked many times faster (records processed before it
     * were not timed at all: a stateless run "did" 2.9 million records/s).
     */
    void appendTimeOn(String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.admin())) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    /** Creates a compacted topic of two partitions and waits until the broker serves it. */
    void createCompacted(String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.admin())) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
            TopicSetup.awaitPartitionsServed(admin, List.of(topic), Duration.ofSeconds(60));
        }
    }

    /** @param lingerMs 20 for bulk loading; 0 for paced input, where a record should leave when it is due */
    KafkaProducer<String, byte[]> producer(int lingerMs) {
        Properties p = kafka.producer();
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(16 << 20));
        // A loaded 2-core machine (the broker shares the JVM) once kept a batch unsent past the default 2-minute
        // delivery timeout and the run failed on 104 refused records; a bench input should wait, not expire.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** A bulk loader of a run's input, which must arrive complete ({@link Preload}). */
    Preload preload(String what) {
        return new Preload(producer(20), what);
    }

    /** Calls {@code each} for every committed record of {@code topic}, from its beginning, until {@code stop}. */
    void follow(String topic, BooleanSupplier stop, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties p = kafka.readCommittedConsumer();
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        TopicReader.follow(p, List.of(topic), Duration.ofMillis(100), stop, each);
    }

    /**
     * Waits until {@code records} outputs were counted; fails with a stall dump after 90 s without a new output
     * while {@code busy} (e.g. restoring state) is false.
     */
    void awaitOutputs(String what, Run run, KafkaStreams streams, OutputCounter out, long records,
                      BooleanSupplier busy) throws InterruptedException {
        long seen = -1;
        long lastProgress = System.nanoTime();
        while (out.count() < records) {
            Thread.sleep(50);
            if (out.count() != seen || busy.getAsBoolean()) {
                seen = out.count();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(90).toNanos()) {
                dumpStall(run.prefix(), streams);
                throw new IllegalStateException(String.format("%s stalled: %d of %d outputs after 90 s without "
                        + "progress (Kafka Streams %s)", what, seen, records, streams.state()));
            }
        }
    }

    /** What a stalled run looks like: the app's group offsets against the input's end, and its threads. */
    private void dumpStall(String prefix, KafkaStreams streams) {
        try (Admin admin = Admin.create(kafka.admin())) {
            var committed = admin.listConsumerGroupOffsets(prefix).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            committed.forEach((tp, o) -> say("bench: stall: " + tp + " committed " + o.offset() + " of "
                    + ends.get(tp).offset() + " (last stable offset " + stable.get(tp).offset() + ")"));
            admin.describeProducers(committed.keySet()).all().get().forEach((tp, d) -> d.activeProducers()
                    .forEach(ps -> say("bench: stall: " + tp + " producer " + ps)));
        } catch (Exception e) {
            say("bench: stall: offsets unavailable: " + e);
        }
        streams.metadataForLocalThreads().forEach(t -> say("bench: stall: thread " + t.threadName() + " "
                + t.threadState() + " active " + t.activeTasks()));
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().contains(prefix)) {
                StringBuilder b = new StringBuilder("bench: stall: " + t.getName() + " " + t.getState());
                for (int i = 0; i < Math.min(stack.length, 20); i++) {
                    b.append("\n    at ").append(stack[i]);
                }
                say(b.toString());
            }
        });
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

    /**
     * Deletes a finished run's topics (input, output, changelogs): otherwise the broker's log cleaner compacts the
     * earlier runs' changelogs (hundreds of MB in a full run) on the same two cores while later runs are measured.
     */
    void deleteTopics(Run run) throws Exception {
        try (Admin admin = Admin.create(kafka.admin())) {
            List<String> mine = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(run.prefix() + "-")).toList();
            admin.deleteTopics(mine).all().get();
        }
    }
}
