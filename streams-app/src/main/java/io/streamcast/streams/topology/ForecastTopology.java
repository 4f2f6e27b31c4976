package io.streamcast.streams.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.config.StreamsTopics;
import io.streamcast.streams.config.TopologyConfig;
import io.streamcast.streams.errors.RecordLimits;
import io.streamcast.streams.errors.RefusedOutputs;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import io.streamcast.streams.model.ModelRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The forecasting topology, as data. Building it starts nothing; running it lives in
 * {@link io.streamcast.streams.run.StreamsApp}.
 *
 * <pre>
 *  observations ──► forecaster (state: series-state) ──► forecasts
 *                         │        │                 └─► forecast-accuracy (every N observations per key)
 *                         │        └─► observations-dlq (bad, late, future records + reason headers)
 *  model-updates ──► global store model-bundles ──► ModelRegistry ──► (read by every forecaster task)
 * </pre>
 */
public final class ForecastTopology {
    public static final String STATE_STORE = "series-state";
    public static final String MODEL_STORE = "model-bundles";
    static final String SOURCE = "observations-source";
    static final String FORECASTER = "forecaster";
    static final String FORECAST_SINK = "forecasts-sink";
    static final String DLQ_SINK = "dlq-sink";
    static final String ACCURACY_SINK = "accuracy-sink";
    static final String MODEL_SOURCE = "model-updates-source";
    static final String MODEL_PROCESSOR = "model-updates-processor";

    private ForecastTopology() {}

    /**
     * What the topology's processors share with the running app: meters, the model registry, the record size
     * limit and the outputs the broker refused (see {@link RefusedOutputs}), and a test seam.
     */
    public record Wiring(StreamsAppMetrics metrics, ModelRegistry models, RecordLimits limits, RefusedOutputs refused,
                         ProcessingHook hook) {
        /** Private meters, a registry with the config's trust, Kafka's default limits (tests, tools). */
        public static Wiring standalone(StreamsAppConfig config) {
            StreamsAppMetrics metrics = new StreamsAppMetrics(new SimpleMeterRegistry(), config.forecast());
            return new Wiring(metrics, new ModelRegistry(config.forecast(), config.kernel(), config.modelTrust(),
                    metrics), RecordLimits.kafkaDefaults(), new RefusedOutputs(), ProcessingHook.NONE);
        }
    }

    /** The topology with its own registry and a private meter registry (tests, tools). */
    public static Topology build(StreamsAppConfig config) {
        return build(config.topology(), Wiring.standalone(config));
    }

    /** The topology: pure (building it starts nothing), from what it needs only. */
    public static Topology build(TopologyConfig config, Wiring wiring) {
        Topology topology = new Topology();
        StreamsTopics topics = config.typedTopics();
        StreamsAppMetrics metrics = wiring.metrics();
        ModelRegistry models = wiring.models();

        // The input serdes never throw: a key or value that does not decode reaches the forecaster with its
        // bytes and the reason, to be dead-lettered unchanged.
        var observations = topics.observations();
        topology.addSource(SOURCE, observations.keySerde().deserializer(), observations.valueSerde().deserializer(),
                observations.name());
        topology.addProcessor(FORECASTER, () -> new ObservationProcessor(config, topics, metrics, models,
                wiring.limits(), wiring.refused(), wiring.hook()), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                        Serdes.String(), new SeriesStateSerde(config.forecast()))
                .withCachingEnabled(), FORECASTER);
        // The forecaster writes bytes it already encoded with each topic's value serde: it must know a record's
        // size against the broker's limit before writing it (ObservationProcessor). The key is the input's key
        // bytes: the series id's UTF-8, as the topics' String key serde writes it.
        topology.addSink(FORECAST_SINK, topics.forecasts().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), FORECASTER);
        topology.addSink(DLQ_SINK, topics.deadLetters().name(), topics.deadLetters().keySerde().serializer(),
                topics.deadLetters().valueSerde().serializer(), FORECASTER);
        topology.addSink(ACCURACY_SINK, topics.accuracy().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), FORECASTER);

        // Global: every instance sees every bundle; the store is the topic's compacted view, so no changelog.
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MODEL_STORE),
                                Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                MODEL_SOURCE, topics.modelUpdates().keySerde().deserializer(),
                topics.modelUpdates().valueSerde().deserializer(), topics.modelUpdates().name(), MODEL_PROCESSOR,
                () -> new ModelUpdateProcessor(config.modelName(), models, metrics));
        return topology;
    }
}
