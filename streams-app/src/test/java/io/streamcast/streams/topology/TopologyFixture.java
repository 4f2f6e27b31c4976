package io.streamcast.streams.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.core.testing.TestObservations;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.errors.RecordLimits;
import io.streamcast.streams.errors.RefusedOutputs;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import io.streamcast.streams.model.ModelRegistry;
import io.streamcast.streams.store.KeyBudget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The forecasting topology in a TopologyTestDriver, with typed handles on its topics and meters. Every group of the
 * config is wired as the app wires it (its own metrics, model registry and refused outputs; one key budget for
 * all); the handles on the topics are the first group's.
 */
final class TopologyFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2014-07-01T00:00:00Z");
    static final long HOUR = 3_600_000L;
    static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(6).window(12).season(4).maxGapFill(3)
            .build();

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ForecastCodec forecastCodec = new ForecastCodec();
    final StreamsAppConfig config;
    final TopologyTestDriver driver;
    /** Each group's model registry, by group name. */
    final Map<String, ModelRegistry> registries;
    final TestInputTopic<String, byte[]> observations;
    final TestInputTopic<byte[], byte[]> rawObservations;
    final TestInputTopic<String, byte[]> modelUpdates;
    final TestOutputTopic<String, byte[]> forecasts;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    final TestOutputTopic<String, byte[]> accuracy;

    /** Unsigned bundles allowed: tests publish test bundles; trust is tested on its own. */
    static StreamsAppConfig config(Path stateDir) {
        return StreamsAppConfig.defaults("unused:9092").withForecast(SETTINGS).withStateDir(stateDir)
                .withKeyTtl(Duration.ofHours(10), Duration.ofHours(1)).withModelTrust(ModelTrust.unsignedAllowed());
    }

    TopologyFixture(StreamsAppConfig config) {
        this(config, RecordLimits.kafkaDefaults(), ProcessingHook.NONE);
    }

    TopologyFixture(StreamsAppConfig config, RecordLimits limits, ProcessingHook hook) {
        this.config = config;
        Properties properties = config.toStreamsProperties();
        KeyBudget keys = KeyBudget.from(properties);
        Map<String, ModelRegistry> byGroup = new LinkedHashMap<>();
        Map<String, ForecastTopology.Wiring> wirings = new LinkedHashMap<>();
        for (ForecastGroupConfig g : config.groups()) {
            StreamsAppMetrics metrics = new StreamsAppMetrics(meters, g.forecast(), g.group());
            ModelRegistry registry = new ModelRegistry(g.group(), g.forecast(), config.kernel(), config.modelTrust(),
                    metrics);
            byGroup.put(g.group(), registry);
            wirings.put(g.group(), new ForecastTopology.Wiring(metrics, registry, limits, new RefusedOutputs(), hook,
                    keys));
        }
        registries = Collections.unmodifiableMap(byGroup);
        driver = new TopologyTestDriver(ForecastTopology.build(config.groups(), wirings), properties,
                T0.plus(Duration.ofDays(365)));
        TopicNames t = config.topics();
        observations = driver.createInputTopic(t.observations(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        rawObservations = driver.createInputTopic(t.observations(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        modelUpdates = driver.createInputTopic(t.modelUpdates(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        forecasts = driver.createOutputTopic(t.forecasts(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(t.deadLetters(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        accuracy = driver.createOutputTopic(t.accuracy(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    void send(String key, long ts, double value) {
        send(key, ts, json(ts, value));
    }

    void send(String key, long ts, String json) {
        observations.pipeInput(new TestRecord<>(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                Instant.ofEpochMilli(ts)));
    }

    List<Forecast> readForecasts() {
        return forecasts.readValuesToList().stream().map(forecastCodec::decode).toList();
    }

    KeyValueStore<String, SeriesState> store() {
        return driver.getKeyValueStore(ForecastTopology.STATE_STORE);
    }

    double counter(String name, String... tags) {
        var search = meters.find(name);
        if (tags.length > 0) {
            search = search.tags(tags);
        }
        var c = search.counter();
        return c == null ? 0 : c.count();
    }

    static String header(TestRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A well-formed observation value, as {@link TestObservations#json} writes it. */
    static String json(long ts, double value) {
        return new String(TestObservations.json(ts, value), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.close();
    }
}
