package io.streamcast.streams.topology;

import io.streamcast.streams.metrics.StreamsAppMetrics;
import io.streamcast.streams.model.ModelRegistry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers this app's bundles from the model-updates topic to the {@link ModelRegistry} and keeps the global
 * store holding the last one it accepted. Runs on the global stream thread, also while the store is restored
 * (Kafka Streams re-processes the topic through it), and never throws: a failure on that thread would stop the
 * whole application.
 *
 * <p>Only accepted bundles are stored, so a refused one (a stale bundle replayed onto the topic, a forged one)
 * is never what a restarted instance starts serving from its store.
 */
final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(ModelUpdateProcessor.class);
    private final String modelName;
    private final ModelRegistry registry;
    private final StreamsAppMetrics metrics;
    private KeyValueStore<String, byte[]> store;
    private ProcessorContext<Void, Void> context;

    ModelUpdateProcessor(String modelName, ModelRegistry registry, StreamsAppMetrics metrics) {
        this.modelName = modelName;
        this.registry = registry;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(ForecastTopology.MODEL_STORE);
        try {
            // After a restart the store holds the last accepted bundle: serve it from the first record on.
            byte[] stored = store.get(modelName);
            if (stored != null) {
                registry.offer(stored, "global store " + ForecastTopology.MODEL_STORE);
            }
        } catch (RuntimeException e) {
            log.error("Could not read the stored model bundle; waiting for the next one on the topic", e);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        try {
            metrics.modelUpdateRead();
            if (record.key() == null || !modelName.equals(record.key())) {
                return; // another model's bundle (or not addressable in a topic keyed by model name)
            }
            if (record.value() == null) {
                store.delete(record.key());
                return; // a tombstone removes the bundle from the store; the serving model stays (no "unload")
            }
            String from = "topic " + context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@"
                    + m.offset()).orElse("?");
            if (registry.offer(record.value(), from)) {
                store.put(record.key(), record.value());
            }
        } catch (RuntimeException e) {
            metrics.bundleRejected("processing-error");
            log.error("Handling a model-updates record failed; the current model keeps serving", e);
        }
    }
}
