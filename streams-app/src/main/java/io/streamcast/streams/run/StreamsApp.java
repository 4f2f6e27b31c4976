package io.streamcast.streams.run;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import io.streamcast.streams.model.ModelRegistry;
import io.streamcast.streams.topology.ForecastTopology;
import java.time.Duration;
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

    public StreamsApp(StreamsAppConfig config, MeterRegistry meterRegistry) {
        this.config = config;
        this.metrics = new StreamsAppMetrics(meterRegistry);
        this.models = new ModelRegistry(config.forecast(), config.kernel(), config.modelKey(), metrics);
        Topology topology = ForecastTopology.build(config, metrics, models);
        this.streams = new KafkaStreams(topology, config.toStreamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
    }

    public void start() {
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

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
