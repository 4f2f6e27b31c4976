package io.streamcast.streams.config;

import io.streamcast.core.codec.SeriesKeys;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.streams.store.BoundedRocksDbMemory;
import io.streamcast.streams.store.KeyBudget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything streams-app needs, typed and immutable: what the topology needs to serve each forecast group
 * ({@link ForecastGroupConfig}) and how it runs. The CLI, environment variables and a deployment file map onto it (see
 * {@code docs/configuration.md}).
 *
 * @param applicationId      Kafka Streams application id (consumer group, state directory and internal topics)
 * @param bootstrapServers   Kafka bootstrap servers
 * @param groups             per forecast group: topics, forecast settings, model name, expiry, skew, accuracy
 *                           cadence, key limit; one ({@value ForecastGroupConfig#DEFAULT_GROUP}) without a deployment
 *                           file. Names, model names and topics distinct; one model-updates topic for all
 * @param kernel             which step implementation serves (Java by default; DL4J is the reference)
 * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param commitInterval     commit interval: lower means lower end-to-end latency, fewer records per
 *                           transaction and so lower throughput
 * @param cacheMaxBytes      record cache for the state store; size it to the working set of keys
 * @param stateDir           local state directory
 * @param streamThreads      stream threads in this instance
 * @param clientOverrides    extra Kafka client/streams properties passed through (security etc.; never
 *                           {@code bootstrap.servers}, see {@link KafkaConnection})
 * @param modelTrust         which bundles are served: signed with the key, unsigned ones explicitly allowed, or
 *                           none (the default without a key: every bundle is refused and the baseline serves)
 * @param applicationServer  HOST:PORT where this instance's REST API is reachable by the other instances
 *                           (Kafka Streams' {@code application.server}, used to forward interactive queries for
 *                           keys another instance owns), or null for a single instance that answers locally
 */
public record StreamsAppConfig(
        String applicationId,
        String bootstrapServers,
        List<ForecastGroupConfig> groups,
        KernelKind kernel,
        String processingGuarantee,
        Duration commitInterval,
        long cacheMaxBytes,
        Path stateDir,
        int streamThreads,
        Map<String, String> clientOverrides,
        ModelTrust modelTrust,
        String applicationServer) {

    public static final String DEFAULT_MODEL_NAME = ForecastGroupConfig.DEFAULT_MODEL_NAME;
    public static final int DEFAULT_MAX_KEY_BYTES = SeriesKeys.DEFAULT_MAX_BYTES;
    // the defaults streams-app's flags have, as constants its option annotations name
    public static final String DEFAULT_APPLICATION_ID = "streamcast";
    public static final String DEFAULT_PROCESSING_GUARANTEE = StreamsConfig.EXACTLY_ONCE_V2;
    /** ISO-8601: the exactly-once default of Kafka Streams. */
    public static final String DEFAULT_COMMIT_INTERVAL = "PT0.1S";
    public static final int DEFAULT_THREADS = 1;

    /** A deployment of one group. */
    public StreamsAppConfig(String applicationId, String bootstrapServers, ForecastGroupConfig topology, KernelKind kernel,
                            String processingGuarantee, Duration commitInterval, long cacheMaxBytes, Path stateDir,
                            int streamThreads, Map<String, String> clientOverrides, ModelTrust modelTrust,
                            String applicationServer) {
        this(applicationId, bootstrapServers, List.of(topology), kernel, processingGuarantee, commitInterval,
                cacheMaxBytes, stateDir, streamThreads, clientOverrides, modelTrust, applicationServer);
    }

    public StreamsAppConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        groups = List.copyOf(groups);
        checkGroups(groups);
        Objects.requireNonNull(kernel, "kernel");
        ForecastGroupConfig.requirePositive(commitInterval, "commitInterval");
        if (!processingGuarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)
                && !processingGuarantee.equals(StreamsConfig.AT_LEAST_ONCE)) {
            throw new IllegalArgumentException("processingGuarantee must be exactly_once_v2 or at_least_once: "
                    + processingGuarantee);
        }
        if (cacheMaxBytes < 0) {
            throw new IllegalArgumentException("cacheMaxBytes must be >= 0: " + cacheMaxBytes);
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("streamThreads must be >= 1: " + streamThreads);
        }
        Objects.requireNonNull(stateDir, "stateDir");
        clientOverrides = clientOverrides == null ? Map.of() : Map.copyOf(clientOverrides);
        new KafkaConnection(bootstrapServers, clientOverrides); // validates: no bootstrap.servers among them
        Objects.requireNonNull(modelTrust, "modelTrust");
        if (applicationServer != null && !applicationServer.matches("[^:/\\s]+:\\d{1,5}")) {
            throw new IllegalArgumentException("applicationServer must be HOST:PORT: " + applicationServer);
        }
    }

    /**
     * What one application cannot serve: no group, two groups of one name or model, a topic in two roles (one
     * group's output another's input, one input in two groups, a pattern matching an output), groups on different
     * model-updates topics. A
     * deployment file is checked with its lines before this ({@code DeploymentFile}); this guards the record.
     */
    private static void checkGroups(List<ForecastGroupConfig> groups) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a deployment needs at least one group");
        }
        Set<String> names = new HashSet<>();
        Set<String> models = new HashSet<>();
        Map<String, String> roles = new LinkedHashMap<>();
        String modelUpdates = groups.get(0).topics().modelUpdates();
        for (ForecastGroupConfig g : groups) {
            require(names.add(g.group()), "two groups are named '" + g.group() + "'");
            require(models.add(g.modelName()), "two groups serve model '" + g.modelName() + "'");
            require(g.topics().modelUpdates().equals(modelUpdates), "group " + g.group() + " reads models from "
                    + g.topics().modelUpdates() + ", another from " + modelUpdates + "; one topic serves all");
            List<String> own = new ArrayList<>(g.inputTopics());
            own.addAll(List.of(g.topics().forecasts(), g.topics().accuracy(), g.topics().deadLetters()));
            for (String topic : own) {
                String other = roles.putIfAbsent(topic, g.group());
                require(other == null, "topic " + topic + " belongs to groups " + other + " and " + g.group());
            }
        }
        // a pattern group has no named inputs: every topic listed is another group's or one of its own outputs,
        // which it would read back (its own forecasts as observations)
        for (ForecastGroupConfig g : groups) {
            if (g.inputPattern() != null) {
                roles.forEach((topic, owner) -> require(!g.reads(topic),
                        "group " + g.group() + "'s input pattern matches " + topic + " of group " + owner));
            }
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public String toString() { // never print the key
        return "StreamsAppConfig[" + applicationId + " @ " + bootstrapServers + ", " + (groups.size() == 1
                ? topics() + ", " + forecast() + ", model " + modelName()
                : groups.size() + " groups " + groups.stream().map(ForecastGroupConfig::group).toList())
                + " " + modelTrust.mode() + "]";
    }

    /** Defaults: see {@code docs/configuration.md}. */
    public static StreamsAppConfig defaults(String bootstrapServers) {
        return new StreamsAppConfig(DEFAULT_APPLICATION_ID, bootstrapServers, ForecastGroupConfig.defaults(),
                KernelKind.JAVA, DEFAULT_PROCESSING_GUARANTEE, Duration.parse(DEFAULT_COMMIT_INTERVAL),
                64L * 1024 * 1024, Path.of(System.getProperty("java.io.tmpdir"), "streamcast-state"), DEFAULT_THREADS,
                Map.of(), ModelTrust.none(), null);
    }

    /**
     * The first group: the only one without a deployment file. What follows reads it through, for the
     * one-group callers (tests, tools); code serving a deployment goes over {@link #groups()}.
     */
    public ForecastGroupConfig topology() {
        return groups.get(0);
    }

    public boolean hasGroups() {
        return groups.size() > 1;
    }

    public ForecastGroupConfig group(String name) {
        return groups.stream().filter(g -> g.group().equals(name)).findFirst().orElse(null);
    }

    // what the topology needs, read through
    public TopicNames topics() {
        return topology().topics();
    }

    public ForecastSettings forecast() {
        return topology().forecast();
    }

    public String modelName() {
        return topology().modelName();
    }

    public Duration keyTtl() {
        return topology().keyTtl();
    }

    public Duration expiryScanInterval() {
        return topology().expiryScanInterval();
    }

    public Duration maxFutureSkew() {
        return topology().maxFutureSkew();
    }

    public int accuracyEvery() {
        return topology().accuracyEvery();
    }

    public int maxKeyBytes() {
        return topology().maxKeyBytes();
    }

    /** This config with {@code t} as its only group. */
    public StreamsAppConfig withTopology(ForecastGroupConfig t) {
        return withGroups(List.of(t));
    }

    public StreamsAppConfig withGroups(List<ForecastGroupConfig> t) {
        return new StreamsAppConfig(applicationId, bootstrapServers, t, kernel, processingGuarantee, commitInterval,
                cacheMaxBytes, stateDir, streamThreads, clientOverrides, modelTrust, applicationServer);
    }

    /**
     * {@code withForecast} and {@code withTopics} make a one-group config of the first group, changed (tests,
     * tools); {@code withKeyTtl} and {@code withMaxKeyBytes} change every group.
     */
    public StreamsAppConfig withForecast(ForecastSettings settings) {
        return withTopology(topology().withForecast(settings));
    }

    public StreamsAppConfig withKeyTtl(Duration ttl, Duration scanInterval) {
        return withGroups(groups.stream().map(g -> g.withKeyTtl(ttl, scanInterval)).toList());
    }

    public StreamsAppConfig withMaxKeyBytes(int bytes) {
        return withGroups(groups.stream().map(g -> g.withMaxKeyBytes(bytes)).toList());
    }

    public StreamsAppConfig withTopics(TopicNames names) {
        return withTopology(topology().withTopics(names));
    }

    public StreamsAppConfig withStateDir(Path dir) {
        return new StreamsAppConfig(applicationId, bootstrapServers, groups, kernel, processingGuarantee,
                commitInterval, cacheMaxBytes, dir, streamThreads, clientOverrides, modelTrust, applicationServer);
    }

    public StreamsAppConfig withModelTrust(ModelTrust trust) {
        return new StreamsAppConfig(applicationId, bootstrapServers, groups, kernel, processingGuarantee,
                commitInterval, cacheMaxBytes, stateDir, streamThreads, clientOverrides, trust, applicationServer);
    }

    public StreamsAppConfig withApplicationId(String id) {
        return new StreamsAppConfig(id, bootstrapServers, groups, kernel, processingGuarantee, commitInterval,
                cacheMaxBytes, stateDir, streamThreads, clientOverrides, modelTrust, applicationServer);
    }

    /** With these pass-through properties added (they win over the ones already given). */
    public StreamsAppConfig withClientOverrides(Map<String, String> more) {
        Map<String, String> merged = new java.util.HashMap<>(clientOverrides);
        merged.putAll(more);
        return new StreamsAppConfig(applicationId, bootstrapServers, groups, kernel, processingGuarantee,
                commitInterval, cacheMaxBytes, stateDir, streamThreads, merged, modelTrust, applicationServer);
    }

    public StreamsAppConfig withApplicationServer(String hostPort) {
        return new StreamsAppConfig(applicationId, bootstrapServers, groups, kernel, processingGuarantee,
                commitInterval, cacheMaxBytes, stateDir, streamThreads, clientOverrides, modelTrust, hostPort);
    }

    /** The cluster and the pass-through client properties, for every Kafka client of streams-app. */
    public KafkaConnection kafka() {
        return new KafkaConnection(bootstrapServers, clientOverrides);
    }

    /** Properties of streams-app's own admin client (topic checks and --create-topics). */
    public Properties adminProperties() {
        return kafka().admin();
    }

    /** Standby replicas of each task's state by default ({@code num.standby.replicas}). */
    public static final int STANDBY_REPLICAS = 1;

    /**
     * Kafka Streams properties: our settings, then bootstrap servers and the pass-through overrides, which win over
     * our settings (processing guarantee included: docs/configuration.md); the application id is always ours.
     */
    public Properties toStreamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(cacheMaxBytes));
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
        // A warm copy of every task's state on another instance, kept from the changelog: when an instance
        // goes, the one with the copy takes its tasks over without restoring them first. A single instance
        // gets none (Kafka Streams never puts a task's standby beside it); num.standby.replicas=0 turns it off.
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(STANDBY_REPLICAS));
        if (applicationServer != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        // One bounded block cache and memtable budget for every store (BoundedRocksDbMemory; the budget is
        // streamcast.rocksdb.memory.bytes, a pass-through property like any other)
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
                BoundedRocksDbMemory.class.getName());
        p.put(KeyBudget.MAX_KEYS_CONFIG,
                Long.toString(KeyBudget.DEFAULT_MAX_KEYS));
        // The default from Kafka 5.0; the global model processor never throws, but be explicit.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // Measured here: linger 20 ms and 256 KiB batches gave 1.6-2.2x throughput for stateful topologies.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "20");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "262144");
        Properties streams = kafka().over(p);
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        // Model bundles are published in transactions (the trainer's fencing): never serve one from an aborted
        // or open transaction, whatever the processing guarantee (at_least_once leaves consumers uncommitted).
        streams.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        return streams;
    }
}
