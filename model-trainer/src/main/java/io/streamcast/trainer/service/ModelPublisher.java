package io.streamcast.trainer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.ServingModel;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the leading trainer writes, in one transaction a round: a promoted bundle to model-updates (what
 * streams-app serves) and to the archive (by version), under a publication sequence above every one seen, signed
 * when a model key is configured, together with the round's decision record on model-decisions. It also reads
 * the current champion back from model-updates, which is where the sequence continues from.
 *
 * <p>The producer's transactional id is the same for every trainer of the model ({@link
 * TrainerLeadership#groupId}): a trainer elected leader calls {@link #lead()}, whose {@code initTransactions}
 * fences the producer of any earlier leader, so one that lost its place without noticing (a long pause) can no
 * longer publish: its next round ends in {@link NotLeaderException}.
 */
final class ModelPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** This trainer's producer was fenced: another trainer of the model leads now. */
    static final class NotLeaderException extends IllegalStateException {
        NotLeaderException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final TrainerConfig config;
    private final Consumer<String> events;
    private final MeterRegistry meters;
    private KafkaProducer<String, byte[]> producer; // guarded by this; null until lead() and after fencing
    private KafkaClientMetrics producerMetrics;
    /** The highest publication sequence seen on model-updates (trusted bundles only); the next is above it. */
    private volatile long lastSequence;

    ModelPublisher(TrainerConfig config, Consumer<String> events, MeterRegistry meters) {
        this.config = config;
        this.events = events;
        this.meters = meters;
    }

    /**
     * Takes the publisher's role: a producer with the model's transactional id, initialized (fencing any earlier
     * leader's), and the champion read back from model-updates.
     *
     * @return the champion (trusted and loadable), or null
     */
    synchronized ServingModel lead() {
        if (producer == null) {
            KafkaProducer<String, byte[]> p = new KafkaProducer<>(TrainerClients.publisher(config),
                    new StringSerializer(), new ByteArraySerializer());
            try {
                p.initTransactions();
            } catch (RuntimeException e) {
                p.close(Duration.ZERO); // not kept half-initialized: the next lead() starts anew
                throw e;
            }
            producer = p;
            producerMetrics = new KafkaClientMetrics(producer);
            producerMetrics.bindTo(meters);
        }
        return loadChampion();
    }

    /**
     * Commits one round: the promoted bundle (or none) archived by version and published to model-updates under
     * the next publication sequence, and the decision record, in one transaction. A retirement ({@link
     * ModelBundle#retirement()}) goes to model-updates only: the archive keeps models to roll back to.
     *
     * @param promoted the bundle to publish (a model or a retirement), or null when the round publishes nothing
     * @return the bundle as published, or null
     * @throws NotLeaderException when another trainer of the model leads now (nothing was written)
     */
    synchronized ModelBundle commit(ModelBundle promoted, Map<String, Object> decision)
            throws JsonProcessingException {
        if (producer == null) {
            throw new NotLeaderException("this trainer does not lead model " + config.modelName(), null);
        }
        long sequence = ModelMetadata.nextSequence(lastSequence, System.currentTimeMillis());
        ModelBundle published = promoted == null ? null : config.modelTrust().sign(
                ModelBundle.create(promoted.metadata().withSequence(sequence), promoted.weights()));
        byte[] decisionBytes = JSON.writeValueAsBytes(decision);
        try {
            producer.beginTransaction();
            if (published != null) {
                byte[] bytes = published.toBytes();
                if (!published.retirement()) {
                    producer.send(new ProducerRecord<>(config.topics().modelArchive(), published.version(), bytes));
                }
                producer.send(new ProducerRecord<>(config.topics().modelUpdates(), config.modelName(), bytes));
            }
            producer.send(new ProducerRecord<>(config.topics().modelDecisions(), config.modelName(), decisionBytes));
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            closeProducer();
            throw new NotLeaderException("another trainer of model " + config.modelName() + " publishes now; this "
                    + "one's round was not published", e);
        } catch (KafkaException e) {
            producer.abortTransaction();
            throw e;
        }
        if (published != null) {
            lastSequence = sequence;
        }
        return published;
    }

    /** Gives up the publisher's role (deposed): the producer closes; the next {@link #lead()} starts anew. */
    synchronized void stepDown() {
        closeProducer();
    }

    private void closeProducer() {
        if (producer != null) {
            producerMetrics.close();
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }

    /**
     * The bundle model-updates serves under this model name, if it is one the service would serve (trusted,
     * loadable); otherwise null, and the next candidate is gated against the baseline only.
     */
    private ServingModel loadChampion() {
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
            if (!bundle.metadata().servedGroup().equals(config.servedGroup())) {
                // streams-app refuses it for this group, so it is nobody's champion here
                events.accept("trainer: the bundle " + bundle.version() + " on " + config.topics().modelUpdates()
                        + " under model " + config.modelName() + " declares group " + bundle.metadata().servedGroup()
                        + ", not " + config.servedGroup() + "; training without a champion");
                return null;
            }
            if (bundle.retirement()) {
                events.accept("trainer: model " + config.modelName() + " was retired by " + bundle.version()
                        + " (the baseline serves)");
                return null;
            }
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

    @Override
    public synchronized void close() {
        closeProducer();
    }
}
