package io.streamcast.streams.topology;

import io.streamcast.streams.model.ModelRegistry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global model store in step with the model-updates topic and offers this app's model to the
 * {@link ModelRegistry}. Runs on the global stream thread; it never touches a stream task's network.
 */
final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {
    private final String modelName;
    private final ModelRegistry registry;
    private KeyValueStore<String, byte[]> store;
    private ProcessorContext<Void, Void> context;

    ModelUpdateProcessor(String modelName, ModelRegistry registry) {
        this.modelName = modelName;
        this.registry = registry;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(ForecastTopology.MODEL_STORE);
        // After a restart the store is restored before init: serve the stored model from the first record on.
        byte[] stored = store.get(modelName);
        if (stored != null && registry.current() == null) {
            registry.offer(stored, "global store " + ForecastTopology.MODEL_STORE);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return; // not addressable in a compacted topic keyed by model name
        }
        if (record.value() == null) {
            store.delete(record.key());
            return; // a tombstone removes the bundle from the store; the serving model stays (no "unload")
        }
        store.put(record.key(), record.value());
        if (modelName.equals(record.key())) {
            registry.offer(record.value(), "topic " + context.recordMetadata().map(m -> m.topic()).orElse("?"));
        }
    }
}
