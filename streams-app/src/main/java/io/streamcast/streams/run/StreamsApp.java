package io.streamcast.streams.run;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.http.BearerToken;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.config.TopicSetup;
import io.streamcast.streams.errors.RecordLimits;
import io.streamcast.streams.errors.RefusedOutputs;
import io.streamcast.streams.errors.StreamsErrorHandlers;
import io.streamcast.streams.health.StreamsHealth;
import io.streamcast.streams.topology.ProcessingHook;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import io.streamcast.streams.model.ModelRegistry;
import io.streamcast.streams.query.Forwarder;
import io.streamcast.streams.query.SeriesQueries;
import io.streamcast.streams.topology.ForecastTopology;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the forecasting topology against a cluster: the lifecycle around {@link ForecastTopology}. */
public final class StreamsApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    private final StreamsAppConfig config;
    private final StreamsAppMetrics metrics;
    private final ModelRegistry models;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics kafkaMetrics;
    private final SeriesQueries queries;
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
     * @param httpToken     the bearer token of the instances' REST APIs (one for all), sent with queries
     *                      forwarded to the instance owning a key; null when they need none
     */
    public StreamsApp(StreamsAppConfig config, MeterRegistry meterRegistry, BearerToken httpToken) {
        this(config, meterRegistry, httpToken, ProcessingHook.NONE);
    }

    /** @param hook run before each key's step: a seam for fault-injection tests ({@link ProcessingHook}) */
    public StreamsApp(StreamsAppConfig config, MeterRegistry meterRegistry, BearerToken httpToken,
                      ProcessingHook hook) {
        this.config = config;
        this.metrics = new StreamsAppMetrics(meterRegistry, config.forecast());
        this.models = new ModelRegistry(config.forecast(), config.kernel(), config.modelTrust(), metrics);
        RefusedOutputs refused = new RefusedOutputs();
        Topology topology = ForecastTopology.build(config.topology(),
                new ForecastTopology.Wiring(metrics, models, limits, refused, hook));
        Properties properties = config.toStreamsProperties();
        var topics = config.topics();
        StreamsErrorHandlers.install(properties, new StreamsErrorHandlers.Context(topics.deadLetters(),
                java.util.Set.of(topics.forecasts(), topics.accuracy(), topics.deadLetters()),
                StreamsConfig.EXACTLY_ONCE_V2.equals(config.processingGuarantee()), limits, this::refreshLimits,
                refused, metrics));
        this.streams = new KafkaStreams(topology, properties);
        this.health = new StreamsHealth(StreamsHealth.Source.of(streams), models, Clock.systemUTC());
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
        this.queries = new SeriesQueries(streams, config, models, new Forwarder(httpToken));
    }

    /**
     * Checks the topics ({@link TopicSetup#checkBeforeStart}) and starts the stream threads.
     *
     * @throws IllegalStateException when a topic is missing or the input was repartitioned under existing state
     */
    public void start() {
        try (Admin admin = Admin.create(config.adminProperties())) {
            TopicSetup.checkBeforeStart(admin, config.applicationId(), config.topics(), ForecastTopology.STATE_STORE);
            readLimits(admin);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot check topics on " + config.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        }
        log.info("Starting streams-app {} against {} (observations={}, forecasts={}, H={}, W={}, m={}, {}, "
                        + "model trust {})",
                config.applicationId(), config.bootstrapServers(), config.topics().observations(),
                config.topics().forecasts(), config.forecast().horizon(), config.forecast().window(),
                config.forecast().season(), limits, config.modelTrust().mode());
        if (!config.modelTrust().hasKey()) {
            log.warn(config.modelTrust().allowUnsigned()
                    ? "Serving UNSIGNED model bundles (--allow-unsigned): whoever can write to {} chooses the model"
                    : "No {} key (STREAMCAST_MODEL_KEY) and no --allow-unsigned: every model bundle will be refused "
                    + "and the baseline serves", config.topics().modelUpdates());
        }
        streams.start();
    }

    /** The largest output records: the producer's limit and the output topics' {@code max.message.bytes}. */
    private void readLimits(Admin admin) throws ExecutionException, InterruptedException {
        var topics = config.topics();
        int producer = producerMaxRequestSize();
        int outputs = TopicSetup.smallestMaxMessageBytes(admin, List.of(topics.forecasts(), topics.accuracy()));
        int deadLetters = TopicSetup.smallestMaxMessageBytes(admin, List.of(topics.deadLetters()));
        limits.set(Math.min(outputs, producer), Math.min(deadLetters, producer));
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

    public ModelRegistry models() {
        return models;
    }

    /** Interactive queries over this instance's state, forwarding to the owner of a key it does not hold. */
    public SeriesQueries queries() {
        return queries;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        kafkaMetrics.close();
    }
}
