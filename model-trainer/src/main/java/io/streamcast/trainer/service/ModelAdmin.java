package io.streamcast.trainer.service;

import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.BundleSigner;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
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

    private final TrainerConfig config;

    public ModelAdmin(TrainerConfig config) {
        this.config = config;
    }

    private Properties consumerProperties() {
        return consumerProperties(config);
    }

    /**
     * The reader of model-archive and model-updates: bootstrap servers and the pass-through properties, then
     * read_committed and a fetch size big enough for a bundle (these win; see KafkaConnection).
     */
    public static Properties consumerProperties(TrainerConfig config) {
        Properties p = config.kafka().readCommittedConsumer();
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(ModelTopics.MAX_BUNDLE_BYTES));
        return p;
    }

    /** The producer of a rollback: the pass-through properties, then a request size big enough for a bundle. */
    public static Properties producerProperties(TrainerConfig config) {
        Properties p = config.kafka().producer();
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(ModelTopics.MAX_BUNDLE_BYTES));
        return p;
    }

    /** Archived models in publication order; unreadable archive entries are skipped. */
    public List<Entry> list() {
        String current = currentVersion();
        List<Entry> entries = new ArrayList<>();
        for (byte[] bytes : TrainerService.readLatest(consumerProperties(), config.modelArchiveTopic()).values()) {
            try {
                ModelMetadata m = ModelBundle.fromBytes(bytes).metadata();
                entries.add(new Entry(m, m.version().equals(current)));
            } catch (BundleFormatException e) {
                // an archive entry this build cannot read: not listable, not restorable
            }
        }
        return entries;
    }

    /** The version model-updates serves now under this model name, or null. */
    public String currentVersion() {
        byte[] bytes = TrainerService.readLatest(consumerProperties(), config.modelUpdatesTopic()).get(config.modelName());
        if (bytes == null) {
            return null;
        }
        try {
            return ModelBundle.fromBytes(bytes).version();
        } catch (BundleFormatException e) {
            return null;
        }
    }

    /**
     * Republishes archived {@code version} to model-updates, its metadata recording the version it replaces.
     *
     * @return the bundle published
     */
    public ModelBundle rollback(String version) throws Exception {
        Map<String, byte[]> archive = TrainerService.readLatest(consumerProperties(), config.modelArchiveTopic());
        byte[] archived = archive.get(version);
        if (archived == null) {
            throw new IllegalArgumentException("version " + version + " is not in " + config.modelArchiveTopic()
                    + " (see model list)");
        }
        ModelBundle original = ModelBundle.fromBytes(archived);
        String current = currentVersion();
        if (version.equals(current)) {
            throw new IllegalArgumentException("version " + version + " is already the current model");
        }
        ModelMetadata m = original.metadata();
        ModelBundle rollback = ModelBundle.create(new ModelMetadata(m.modelName(), m.version(), m.createdAt(),
                m.horizon(), m.window(), m.season(), m.features(), m.hiddenSizes(), m.normalization(), m.target(),
                m.trainingMetrics(), m.backtestMetrics(), null, current == null ? "none" : current), original.weights());
        if (config.modelKey() != null) {
            rollback = new BundleSigner(config.modelKey()).sign(rollback);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(config),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.modelUpdatesTopic(), config.modelName(), rollback.toBytes()))
                    .get(30, TimeUnit.SECONDS);
        }
        return rollback;
    }
}
