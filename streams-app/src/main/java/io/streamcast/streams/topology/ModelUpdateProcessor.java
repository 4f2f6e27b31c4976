package io.streamcast.streams.topology;

import io.streamcast.streams.metrics.StreamsAppMetrics;
import io.streamcast.streams.model.ModelRegistry;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers each bundle from the model-updates topic to the {@link ModelRegistry} of the group serving its model name
 * (the record key), and keeps the global store holding the last bundle each registry accepted. Runs on the global
 * stream thread, also while the store is restored (Kafka Streams re-processes the topic through it), and never
 * throws: a failure on that thread would stop the whole application.
 *
 * <p>Only accepted bundles are stored, so a refused one (a stale bundle replayed onto the topic, a forged one, one
 * declaring another group) is never what a restarted instance starts serving from its store. A tombstone is
 * refused like an untrusted bundle ({@link ModelRegistry#refuseTombstone}) and deletes nothing: it carries no
 * signature, and retiring a model is a signed retirement bundle.
 */
final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(ModelUpdateProcessor.class);

    /** The registry serving a model name, and its group's meters. */
    record Served(ModelRegistry registry, StreamsAppMetrics metrics) {}

    private final Map<String, Served> byModelName;
    private KeyValueStore<String, byte[]> store;
    private ProcessorContext<Void, Void> context;

    /** @param byModelName the groups' registries by the model name each serves */
    ModelUpdateProcessor(Map<String, Served> byModelName) {
        this.byModelName = Map.copyOf(byModelName);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(ForecastTopology.MODEL_STORE);
        byModelName.forEach((modelName, served) -> {
            try {
                // After a restart the store holds the last accepted bundle: serve it from the first record on.
                byte[] stored = store.get(modelName);
                if (stored != null) {
                    served.registry().offer(stored, "global store " + ForecastTopology.MODEL_STORE);
                }
            } catch (RuntimeException e) {
                log.error("Could not read the stored bundle of model {}; waiting for the next one on the topic",
                        modelName, e);
            }
        });
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Served served = record.key() == null ? null : byModelName.get(record.key());
        try {
            if (served == null) {
                // another deployment's model (or not addressable in a topic keyed by model name): counted once
                byModelName.values().iterator().next().metrics().modelUpdateRead();
                return;
            }
            served.metrics().modelUpdateRead();
            String from = "topic " + context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@"
                    + m.offset()).orElse("?");
            if (record.value() == null) {
                served.registry().refuseTombstone(record.key(), from);
                return;
            }
            if (served.registry().offer(record.value(), from)) {
                store.put(record.key(), record.value());
            }
        } catch (RuntimeException e) {
            if (served != null) {
                served.metrics().bundleRejected("processing-error");
            }
            log.error("Handling a model-updates record failed; the current models keep serving", e);
        }
    }
}
