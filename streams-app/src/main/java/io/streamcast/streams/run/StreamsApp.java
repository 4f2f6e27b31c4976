package io.streamcast.streams.run;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.core.http.BearerToken;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.config.TopicSetup;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import io.streamcast.streams.model.ModelRegistry;
import io.streamcast.streams.query.Forwarder;
import io.streamcast.streams.query.SeriesQueries;
import io.streamcast.streams.topology.ForecastTopology;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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

    /**
     * An instance whose REST API needs no token.
     *
     * @param meterRegistry receives the {@code streamcast.*} meters and Kafka Streams' own metrics
     *                      ({@code kafka.stream.*})
     */
    public StreamsApp(StreamsAppConfig config, MeterRegistry meterRegistry) {
        this(config, meterRegistry, null);
    }

    /**
     * @param meterRegistry receives the {@code streamcast.*} meters and Kafka Streams' own metrics
     *                      ({@code kafka.stream.*})
     * @param httpToken     the bearer token of the instances' REST APIs (one for all), sent with queries
     *                      forwarded to the instance owning a key; null when they need none
     */
    public StreamsApp(StreamsAppConfig config, MeterRegistry meterRegistry, BearerToken httpToken) {
        this.config = config;
        this.metrics = new StreamsAppMetrics(meterRegistry, config.forecast());
        this.models = new ModelRegistry(config.forecast(), config.kernel(), config.modelKey(), metrics);
        Topology topology = ForecastTopology.build(config, metrics, models);
        this.streams = new KafkaStreams(topology, config.toStreamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        this.kafkaMetrics = new KafkaStreamsMetrics(streams);
        kafkaMetrics.bindTo(meterRegistry);
        this.queries = new SeriesQueries(streams, config, models, new Forwarder(httpToken));
    }

    /** A Prometheus registry with the JVM's memory, GC, thread and CPU meters bound, for {@code /metrics}. */
    public static PrometheusMeterRegistry prometheusRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    /**
     * Checks the topics ({@link TopicSetup#checkBeforeStart}) and starts the stream threads.
     *
     * @throws IllegalStateException when a topic is missing or the input was repartitioned under existing state
     */
    public void start() {
        Properties adminProps = new Properties();
        adminProps.putAll(config.clientOverrides());
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        try (Admin admin = Admin.create(adminProps)) {
            TopicSetup.checkBeforeStart(admin, config.applicationId(), config.topics(), ForecastTopology.STATE_STORE);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot check topics on " + config.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        }
        log.info("Starting streams-app {} against {} (observations={}, forecasts={}, H={}, W={}, m={})",
                config.applicationId(), config.bootstrapServers(), config.topics().observations(),
                config.topics().forecasts(), config.forecast().horizon(), config.forecast().window(),
                config.forecast().season());
        streams.start();
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
