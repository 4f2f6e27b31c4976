package io.streamcast.trainer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.ServingModel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the trainer writes, through one producer: promoted bundles to model-updates (what streams-app serves) and
 * to the archive (by version), each under a publication sequence above every one seen, signed when a model key is
 * configured; and every decision to model-decisions. It also reads the current champion back from model-updates,
 * which is where the sequence continues from.
 */
final class ModelPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final TrainerConfig config;
    private final Consumer<String> events;
    private final KafkaProducer<String, byte[]> producer;
    /** The highest publication sequence seen on model-updates (trusted bundles only); the next is above it. */
    private volatile long lastSequence;

    ModelPublisher(TrainerConfig config, Consumer<String> events) {
        this.config = config;
        this.events = events;
        this.producer = new KafkaProducer<>(TrainerService.producerProperties(config), new StringSerializer(),
                new ByteArraySerializer());
    }

    KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    /**
     * The bundle model-updates serves under this model name, if it is one the service would serve (trusted,
     * loadable); otherwise null, and the next candidate is gated against the baseline only.
     */
    ServingModel loadChampion() {
        byte[] latest = ModelTopics.latestByKey(config, config.topics().modelUpdates()).get(config.modelName());
        if (latest == null) {
            return null;
        }
        try {
            ModelBundle bundle = ModelBundle.fromBytes(latest);
            // the champion is what the next candidate must beat and what a rollback may return to: a bundle the
            // service would not serve (unsigned, forged, another key) is not one
            config.modelTrust().check(bundle);
            lastSequence = Math.max(lastSequence, bundle.sequence());
            return ServingModel.load(bundle, KernelKind.JAVA);
        } catch (BundleFormatException | RuntimeException e) {
            String why = e instanceof BundleFormatException b ? b.reason() + ": " + b.getMessage() : e.toString();
            log.warn("The current bundle on {} is not usable ({}); training without a champion",
                    config.topics().modelUpdates(), why);
            events.accept("trainer: the bundle on " + config.topics().modelUpdates() + " is not trusted or not usable ("
                    + why + "); training without a champion");
            return null;
        }
    }

    /**
     * Archives the bundle by version and publishes it to model-updates, under the next publication sequence.
     *
     * @return the bundle as published
     */
    ModelBundle publish(ModelBundle bundle) throws InterruptedException, ExecutionException, TimeoutException {
        long sequence = ModelMetadata.nextSequence(lastSequence, System.currentTimeMillis());
        ModelBundle sequenced = config.modelTrust().sign(ModelBundle.create(bundle.metadata().withSequence(sequence),
                bundle.weights()));
        byte[] bytes = sequenced.toBytes();
        send(config.topics().modelArchive(), bundle.version(), bytes);
        send(config.topics().modelUpdates(), config.modelName(), bytes);
        lastSequence = sequence;
        return sequenced;
    }

    /** Writes a decision record (JSON) to model-decisions. */
    void decision(Map<String, Object> decision)
            throws JsonProcessingException, InterruptedException, ExecutionException, TimeoutException {
        send(config.topics().modelDecisions(), config.modelName(), JSON.writeValueAsBytes(decision));
    }

    private void send(String topic, String key, byte[] value)
            throws InterruptedException, ExecutionException, TimeoutException {
        producer.send(new ProducerRecord<>(topic, key, value)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
