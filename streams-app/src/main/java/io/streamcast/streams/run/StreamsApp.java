package io.streamcast.streams.run;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.streamcast.http.HttpSettings;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.config.TopicSetup;
import io.streamcast.streams.errors.RecordLimits;
import io.streamcast.streams.errors.RefusedOutputs;
import io.streamcast.streams.errors.StreamsErrorHandlers;
import io.streamcast.streams.health.StreamsHealth;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import io.streamcast.streams.model.ModelRegistry;
import io.streamcast.streams.query.Forwarder;
import io.streamcast.streams.query.SeriesQueries;
import io.streamcast.streams.store.KeyBudget;
import io.streamcast.streams.topology.ForecastTopology;
import io.streamcast.streams.topology.ProcessingHook;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the forecasting topology against a cluster: the lifecycle around {@link ForecastTopology}, for every
 * forecast group of the deployment (each with its own meters, model registry and queries) in one Kafka Streams
 * application.
 */
public final class StreamsApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    /** One group's running parts. */
    private record Served(ForecastGroupConfig config, StreamsAppMetrics metrics, ModelRegistry models) {}

    private final StreamsAppConfig config;
    private final List<Served> groups;
    private final StreamsAppMetrics metrics;
    private final ModelRegistry models;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics kafkaMetrics;
    private final List<SeriesQueries> queries;
    private final RecordLimits limits = RecordLimits.kafkaDefaults();
    private final StreamsHealth health;
    private long lastLimitsRefresh;

    /**
     * An instance whose REST API needs no token.
     *
     * @param meterRegistry receives the {@code streamcast.*} meters and Kafka Streams' own metrics
     *                      ({@code kafka.stream.*})
     */
    public StreamsApp(StreamsAppConfig config, MeterRegistry meterRegistry) {
        this(config, meterRegistry, null, ProcessingHook.NONE);
    }

    /**
     * @param meterRegistry receives the {@code streamcast.*} meters and Kafka Streams' own metrics
     *                      ({@code kafka.stream.*})
     * @param http          the instances' REST API settings (one for all): its token and TLS are used for queries
     *                      forwarded to the instance owning a key; null when they need no token and speak HTTP
     */
    public StreamsApp(StreamsAppConfig config, MeterRegistry meterRegistry, HttpSettings http) {
        this(config, meterRegistry, http, ProcessingHook.NONE);
    }

    /** @param hook run before each key's step: a seam for fault-injection tests ({@link ProcessingHook}) */
    public StreamsApp(StreamsAppConfig config, MeterRegistry meterRegistry, HttpSettings http,
                      ProcessingHook hook) {
        this.config = config;
        List<Served> served = new ArrayList<>();
        Map<String, ForecastTopology.Wiring> wirings = new LinkedHashMap<>();
        List<StreamsErrorHandlers.Group> errorGroups = new ArrayList<>();
        Properties properties = config.toStreamsProperties();
        KeyBudget keys = KeyBudget.from(properties); // one for the instance, every group
        for (ForecastGroupConfig group : config.groups()) {
            StreamsAppMetrics m = new StreamsAppMetrics(meterRegistry, group.forecast(), group.group());
            ModelRegistry r = new ModelRegistry(group.group(), group.forecast(), config.kernel(), config.modelTrust(),
                    m);
            RefusedOutputs refused = new RefusedOutputs();
            served.add(new Served(group, m, r));
            wirings.put(group.group(), new ForecastTopology.Wiring(m, r, limits, refused, hook, keys));
            var topics = group.topics();
            errorGroups.add(new StreamsErrorHandlers.Group(topics.deadLetters(),
                    Set.of(topics.forecasts(), topics.accuracy(), topics.deadLetters()), group::reads, refused, m));
        }
        this.groups = List.copyOf(served);
        this.metrics = groups.get(0).metrics();
        this.models = groups.get(0).models();
        Topology topology = ForecastTopology.build(config.groups(), wirings);
        StreamsErrorHandlers.install(properties, new StreamsErrorHandlers.Context(errorGroups,
                StreamsConfig.EXACTLY_ONCE_V2.equals(config.processingGuarantee()), limits, this::refreshLimits));
        this.streams = new KafkaStreams(topology, properties);
        this.health = new StreamsHealth(StreamsHealth.Source.of(streams,
                () -> groups.stream().mapToLong(g -> g.metrics().observationsIn()).sum()),
                groups.stream().map(Served::models).toList(), Clock.systemUTC());
        streams.setUncaughtExceptionHandler(e -> {
            // Records cannot get here (the forecaster and the exception handlers dead-letter them); what does is
            // an infrastructure failure. The thread is replaced, and /health says so for a while.
            String thread = Thread.currentThread().getName();
            health.threadFailed(thread, e);
            metrics.threadFailed();
            log.error("Thread {} failed; replacing it", thread, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        this.kafkaMetrics = new KafkaStreamsMetrics(streams);
        kafkaMetrics.bindTo(meterRegistry);
        Forwarder forwarder = http == null ? new Forwarder(null, null) : new Forwarder(http.token(), http.tls());
        this.queries = groups.stream().map(g -> new SeriesQueries(streams, config, g.config(), g.models(), forwarder))
                .toList();
    }

    /**
     * Checks the topics ({@link TopicSetup#checkBeforeStart}) and starts the stream threads.
     *
     * @throws IllegalStateException when a topic is missing or the input was repartitioned under existing state
     */
    public void start() {
        try (Admin admin = Admin.create(config.adminProperties())) {
            TopicSetup.checkBeforeStart(admin, config.applicationId(), config.groups());
            readLimits(admin);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot check topics on " + config.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        }
        log.info("Starting streams-app {} against {} ({}, model trust {})", config.applicationId(),
                config.bootstrapServers(), limits, config.modelTrust().mode());
        for (ForecastGroupConfig g : config.groups()) {
            log.info("  group {}: inputs={}, forecasts={}, H={}, W={}, m={}, model {}", g.group(),
                    g.inputsDescription(), g.topics().forecasts(), g.forecast().horizon(), g.forecast().window(),
                    g.forecast().season(), g.modelName());
        }
        if (!config.modelTrust().hasKey()) {
            log.warn(config.modelTrust().allowUnsigned()
                    ? "Serving UNSIGNED model bundles (--allow-unsigned): whoever can write to {} chooses the model"
                    : "No {} key (STREAMCAST_MODEL_KEY) and no --allow-unsigned: every model bundle will be refused "
                    + "and the baseline serves", config.topics().modelUpdates());
        }
        streams.start();
    }

    /**
     * The largest output records (the producer's limit and the output topics' {@code max.message.bytes}), and how
     * far ahead of the clock their timestamps may be ({@code message.timestamp.after.max.ms}).
     */
    private void readLimits(Admin admin) throws ExecutionException, InterruptedException {
        int producer = producerMaxRequestSize();
        int outputs = TopicSetup.smallestMaxMessageBytes(admin, config.groups().stream()
                .flatMap(g -> Stream.of(g.topics().forecasts(), g.topics().accuracy())).toList());
        int deadLetters = TopicSetup.smallestMaxMessageBytes(admin, config.groups().stream()
                .map(g -> g.topics().deadLetters()).toList());
        limits.set(Math.min(outputs, producer), Math.min(deadLetters, producer));
        // forecasts and accuracy carry the input's timestamp (a dead letter is stamped at most "now")
        // (and the state changelogs, once they exist: Kafka Streams creates them with the broker's default)
        limits.setTimestampLimit(TopicSetup.smallestTimestampAfterMax(admin, config.groups().stream()
                .flatMap(g -> Stream.of(g.topics().forecasts(), g.topics().accuracy(),
                        TopicSetup.changelog(config.applicationId(), g))).toList()));
    }

    /**
     * Reads the limits again after the broker refused a record as too large (a topic's limit lowered while the
     * app runs): the forecaster then dead-letters what no longer fits before it is sent. At most every 10 s;
     * called on the producer's thread, so bounded by the admin client's timeouts.
     */
    private synchronized void refreshLimits() {
        long now = System.nanoTime();
        if (lastLimitsRefresh != 0 && now - lastLimitsRefresh < 10_000_000_000L) {
            return;
        }
        lastLimitsRefresh = now;
        Properties p = config.adminProperties();
        p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        String before = limits.toString();
        try (Admin admin = Admin.create(p)) {
            readLimits(admin);
            log.warn("The broker refused an output as too large; limits now {} (were {})", limits, before);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.error("Could not read the output topics' limits again: {}", e.toString());
        }
    }

    /** The producer's {@code max.request.size} as configured (pass-through overrides), or Kafka's default. */
    private int producerMaxRequestSize() {
        String value = config.clientOverrides().getOrDefault(StreamsConfig.producerPrefix(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG), config.clientOverrides().get(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        return value == null ? RecordLimits.KAFKA_DEFAULT : Integer.parseInt(value.trim());
    }

    /** What {@code /health} reports (liveness, readiness and why). */
    public StreamsHealth health() {
        return health;
    }

    /** The largest output record this app writes (known once started). */
    public RecordLimits limits() {
        return limits;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The first group's model registry (the only group's without a deployment file). */
    public ModelRegistry models() {
        return models;
    }

    /** The model registry of group {@code name}, or null when there is no such group. */
    public ModelRegistry models(String name) {
        return groups.stream().filter(g -> g.config().group().equals(name)).map(Served::models).findFirst()
                .orElse(null);
    }

    /** The first group's interactive queries (the only group's without a deployment file). */
    public SeriesQueries queries() {
        return queries.get(0);
    }

    /** Every group's interactive queries, in the deployment's order, forwarding to the owner of a key. */
    public List<SeriesQueries> groupQueries() {
        return queries;
    }

    /**
     * Commits, flushes the state and leaves the consumer group: the other instances take over this one's tasks at
     * once. (Kafka Streams' default close stays in the group until the session times out, 45 s, during which
     * this instance's partitions get no forecasts.)
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        kafkaMetrics.close();
    }
}
