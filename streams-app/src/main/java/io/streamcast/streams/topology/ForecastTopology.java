package io.streamcast.streams.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.config.GroupNodes;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.config.StreamsTopics;
import io.streamcast.streams.errors.RecordLimits;
import io.streamcast.streams.errors.RefusedOutputs;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import io.streamcast.streams.model.ModelRegistry;
import io.streamcast.streams.store.KeyBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Each forecast group of a deployment is its own sub-topology of that shape, with its own store (and a second,
 * written-forecasts, when its emit policy has a tolerance: {@link EmitPolicy}), its own topics and its own
 * {@link ModelRegistry}: groups share no state, so the same series id in two groups is two series, and a group's
 * partitions, tasks and restoration are its own (a large group does not hold back a small one). Their node and
 * store names carry the group's name ({@link GroupNodes}); the default group keeps the unprefixed names it always
 * had, so its state survives a move to a deployment file. One global store reads model-updates for all groups and
 * hands each bundle to the registry of the group serving that model name.
 */
public final class ForecastTopology {
    /** The default group's state store; {@link GroupNodes#store()} for any group. */
    public static final String STATE_STORE = GroupNodes.of(ForecastGroupConfig.DEFAULT_GROUP).store();
    public static final String MODEL_STORE = "model-bundles";
    static final String MODEL_SOURCE = "model-updates-source";
    static final String MODEL_PROCESSOR = "model-updates-processor";

    private ForecastTopology() {}

    /**
     * What one group's processors share with the running app: meters, the model registry, the record size
     * limit and the outputs the broker refused (see {@link RefusedOutputs}), a test seam, and the instance's key
     * budget (one for every group).
     */
    public record Wiring(StreamsAppMetrics metrics, ModelRegistry models, RecordLimits limits, RefusedOutputs refused,
                         ProcessingHook hook, KeyBudget keys) {
        /** Without a key budget. */
        public Wiring(StreamsAppMetrics metrics, ModelRegistry models, RecordLimits limits, RefusedOutputs refused,
                      ProcessingHook hook) {
            this(metrics, models, limits, refused, hook, KeyBudget.unlimited());
        }

        /** Private meters, a registry with the config's trust, Kafka's default limits (tests, tools). */
        public static Wiring standalone(StreamsAppConfig config, ForecastGroupConfig group) {
            StreamsAppMetrics metrics = new StreamsAppMetrics(new SimpleMeterRegistry(), group.forecast(),
                    group.group());
            return new Wiring(metrics, new ModelRegistry(group.group(), group.forecast(), config.kernel(),
                    config.modelTrust(), metrics), RecordLimits.kafkaDefaults(), new RefusedOutputs(),
                    ProcessingHook.NONE);
        }
    }

    /** The topology of every group of {@code config} with their own registries and private meters (tests, tools). */
    public static Topology build(StreamsAppConfig config) {
        Map<String, Wiring> wirings = new LinkedHashMap<>();
        config.groups().forEach(g -> wirings.put(g.group(), Wiring.standalone(config, g)));
        return build(config.groups(), wirings);
    }

    /** One group's topology: pure (building it starts nothing), from what it needs only. */
    public static Topology build(ForecastGroupConfig config, Wiring wiring) {
        return build(List.of(config), Map.of(config.group(), wiring));
    }

    /**
     * The topology of several groups: pure, from what they need only.
     *
     * @param wirings by group name, one for each of {@code groups}
     */
    public static Topology build(List<ForecastGroupConfig> groups, Map<String, Wiring> wirings) {
        Topology topology = new Topology();
        Map<String, ModelUpdateProcessor.Served> byModel = new LinkedHashMap<>();
        for (ForecastGroupConfig group : groups) {
            Wiring wiring = wirings.get(group.group());
            if (wiring == null) {
                throw new IllegalArgumentException("no wiring for group " + group.group());
            }
            addGroup(topology, group, wiring);
            byModel.put(group.modelName(), new ModelUpdateProcessor.Served(wiring.models(), wiring.metrics()));
        }
        // Global: every instance sees every bundle; the store is the topic's compacted view, so no changelog.
        StreamsTopics topics = groups.get(0).typedTopics();
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MODEL_STORE),
                                Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                MODEL_SOURCE, topics.modelUpdates().keySerde().deserializer(),
                topics.modelUpdates().valueSerde().deserializer(), topics.modelUpdates().name(), MODEL_PROCESSOR,
                () -> new ModelUpdateProcessor(byModel));
        return topology;
    }

    private static void addGroup(Topology topology, ForecastGroupConfig config, Wiring wiring) {
        StreamsTopics topics = config.typedTopics();
        GroupNodes nodes = GroupNodes.of(config.group());
        // The input serdes never throw: a key or value that does not decode reaches the forecaster with its
        // bytes and the reason, to be dead-lettered unchanged.
        var observations = topics.observations();
        if (config.inputPattern() != null) {
            topology.addSource(nodes.source(), observations.keySerde().deserializer(),
                    observations.valueSerde().deserializer(), config.inputPattern());
        } else {
            topology.addSource(nodes.source(), observations.keySerde().deserializer(),
                    observations.valueSerde().deserializer(), config.inputTopics().toArray(String[]::new));
        }
        topology.addProcessor(nodes.forecaster(), () -> new ObservationProcessor(config, nodes, topics, wiring),
                nodes.source());
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(nodes.store()),
                        Serdes.String(), new SeriesStateSerde(config.forecast()))
                .withCachingEnabled(), nodes.forecaster());
        if (config.output().hasTolerance()) {
            // each key's last written forecast (EmitPolicy): a store of its own, so the series state's layout does
            // not change with the emit policy; changelogged like it (Stores' default), so it survives a restart
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(nodes.writtenStore()),
                    Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), nodes.forecaster());
        }
        // The forecaster writes bytes it already encoded with each topic's value serde: it must know a record's
        // size against the broker's limit before writing it (ObservationProcessor). The key is the input's key
        // bytes: the series id's UTF-8, as the topics' String key serde writes it.
        topology.addSink(nodes.forecastSink(), topics.forecasts().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), nodes.forecaster());
        topology.addSink(nodes.deadLetterSink(), topics.deadLetters().name(),
                topics.deadLetters().keySerde().serializer(), topics.deadLetters().valueSerde().serializer(),
                nodes.forecaster());
        topology.addSink(nodes.accuracySink(), topics.accuracy().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), nodes.forecaster());
    }
}
