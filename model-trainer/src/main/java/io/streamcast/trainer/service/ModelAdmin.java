package io.streamcast.trainer.service;

import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Operations on published models: list the archive (every bundle the trainer ever published, by version) and
 * roll back by republishing an archived bundle to model-updates, with {@code rollback_of} recording the version
 * it replaces. streams-app swaps to it like to any new bundle.
 */
public final class ModelAdmin {
    /** One archived model and whether it is the one model-updates serves now. */
    public record Entry(ModelMetadata metadata, boolean current) {}

    /** Where the model topics are read and written: Kafka, or maps in tests. */
    interface ModelTopicsAccess {
        /** The latest value per key of a compacted topic (see {@link ModelTopics#latestByKey}). */
        Map<String, byte[]> latestByKey(String topic);

        /** Writes one record and waits for the broker's acknowledgement. */
        void publish(String topic, String key, byte[] value) throws Exception;
    }

    private final TrainerConfig config;
    private final ModelTopicsAccess topics;

    public ModelAdmin(TrainerConfig config) {
        this(config, new ModelTopicsAccess() {
            @Override
            public Map<String, byte[]> latestByKey(String topic) {
                return ModelTopics.latestByKey(config, topic);
            }

            @Override
            public void publish(String topic, String key, byte[] value) throws Exception {
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TrainerClients.producer(config),
                        new StringSerializer(), new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
                }
            }
        });
    }

    ModelAdmin(TrainerConfig config, ModelTopicsAccess topics) {
        this.config = config;
        this.topics = topics;
    }

    /**
     * This model's archived versions in publication order (the archive holds every model's: every group's of a
     * deployment); unreadable archive entries are skipped.
     */
    public List<Entry> list() {
        String current = currentVersion();
        List<Entry> entries = new ArrayList<>();
        for (byte[] bytes : topics.latestByKey(config.topics().modelArchive()).values()) {
            try {
                ModelMetadata m = ModelBundle.fromBytes(bytes).metadata();
                if (!m.modelName().equals(config.modelName())) {
                    continue;
                }
                entries.add(new Entry(m, m.version().equals(current)));
            } catch (BundleFormatException e) {
                // an archive entry this build cannot read: not listable, not restorable
            }
        }
        return entries;
    }

    /** The version model-updates serves now under this model name, or null. */
    public String currentVersion() {
        ModelBundle current = currentBundle();
        return current == null ? null : current.version();
    }

    /** The bundle on model-updates under this model name (read, not trusted), or null. */
    private ModelBundle currentBundle() {
        byte[] bytes = topics.latestByKey(config.topics().modelUpdates()).get(config.modelName());
        if (bytes == null) {
            return null;
        }
        try {
            return ModelBundle.fromBytes(bytes);
        } catch (BundleFormatException e) {
            return null;
        }
    }

    /**
     * Republishes archived {@code version} to model-updates, its metadata recording the version it replaces and
     * keeping the group it declares (streams-app serves it to that group only).
     *
     * @return the bundle published
     */
    public ModelBundle rollback(String version) throws Exception {
        Map<String, byte[]> archive = topics.latestByKey(config.topics().modelArchive());
        byte[] archived = archive.get(version);
        if (archived == null) {
            throw new IllegalArgumentException("version " + version + " is not in " + config.topics().modelArchive()
                    + " (see model list)");
        }
        ModelBundle original = ModelBundle.fromBytes(archived);
        // Verified before it is re-signed: re-signing an archive entry nobody checked would launder a forged
        // bundle into a trusted one.
        try {
            config.modelTrust().check(original);
        } catch (BundleFormatException e) {
            throw new IllegalArgumentException("archived " + version + " is not trusted (" + e.reason() + ": "
                    + e.getMessage() + "); not rolling back to it", e);
        }
        if (!original.metadata().modelName().equals(config.modelName())) {
            throw new IllegalArgumentException("archived " + version + " is a bundle of model "
                    + original.metadata().modelName() + ", not " + config.modelName());
        }
        // a group's model names its group (config.group()); the rollback keeps the bundle's, which must be it
        if (config.group() != null && !config.group().equals(original.metadata().servedGroup())) {
            throw new IllegalArgumentException("archived " + version + " is a bundle of group "
                    + original.metadata().servedGroup() + ", not " + config.group());
        }
        ModelBundle currentBundle = currentBundle();
        String current = currentBundle == null ? null : currentBundle.version();
        if (version.equals(current)) {
            throw new IllegalArgumentException("version " + version + " is already the current model");
        }
        // A new sequence, above the serving bundle's: streams-app refuses bundles older than what it serves, so
        // a rollback is the old weights published anew, not the old record replayed.
        long previous = currentBundle == null ? 0 : currentBundle.sequence();
        ModelMetadata m = original.metadata().asRollbackOf(current)
                .withSequence(ModelMetadata.nextSequence(previous, System.currentTimeMillis()));
        ModelBundle rollback = config.modelTrust().sign(ModelBundle.create(m, original.weights()));
        topics.publish(config.topics().modelUpdates(), config.modelName(), rollback.toBytes());
        return rollback;
    }
}
