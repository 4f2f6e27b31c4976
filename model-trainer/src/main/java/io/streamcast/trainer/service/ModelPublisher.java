package io.streamcast.trainer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.ServingModel;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
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
 * TrainerLeadership#electionGroupId}): a trainer elected leader calls {@link #lead()}, whose {@code initTransactions}
 * fences the producer of any earlier leader, so one that lost its place without noticing (a long pause) can no
 * longer publish: its next round ends in {@link NotLeaderException}.
 *
 * <p>A commit that times out may still complete on the broker, so it is retried ({@link #COMMIT_ATTEMPTS} in all)
 * and never followed by {@code abortTransaction}, which Kafka forbids then. If every attempt times out the
 * producer is closed instead, the round fails with {@link CommitOutcomeUnknownException}, and the next round
 * starts a new producer ({@code initTransactions} settles the open transaction) and reads the champion and the
 * sequence back from model-updates, whichever way the commit went.
 */
final class ModelPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelPublisher.class);

    /** This trainer's producer was fenced: another trainer of the model leads now. */
    static final class NotLeaderException extends IllegalStateException {
        NotLeaderException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The commit of a round timed out on every attempt: it may or may not have been published. The producer was
     * closed, not aborted; the next round starts a new one.
     */
    static final class CommitOutcomeUnknownException extends KafkaException {
        CommitOutcomeUnknownException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Attempts at {@code commitTransaction} before a round's outcome is given up as unknown. */
    static final int COMMIT_ATTEMPTS = 3;

    private final TrainerConfig config;
    private final TrainerLog events;
    private final MeterRegistry meters;
    private final Supplier<Producer<String, byte[]>> producers;
    private Producer<String, byte[]> producer; // guarded by this; null until lead(), after fencing or a lost commit
    /** Between lead() and stepDown() or fencing: a producer closed after a lost commit is made anew. */
    private boolean leading;
    private KafkaClientMetrics producerMetrics;
    /** The highest publication sequence seen on model-updates (trusted bundles only); the next is above it. */
    private volatile long lastSequence;
    /**
     * The publication sequence of the trusted bundle the last read found under the model name, or -1 for none: no
     * bundle at all (a tombstone on top, or never published) or one that is not trusted (a forged one on top).
     */
    private volatile long readSequence = -1;

    ModelPublisher(TrainerConfig config, TrainerLog events, MeterRegistry meters) {
        this(config, events, meters, () -> new KafkaProducer<>(TrainerClients.publisher(config),
                new StringSerializer(), new ByteArraySerializer()));
    }

    /** With the producers it makes (tests: a mock producer whose commit times out). */
    ModelPublisher(TrainerConfig config, TrainerLog events, MeterRegistry meters,
                   Supplier<Producer<String, byte[]>> producers) {
        this.config = config;
        this.events = events;
        this.meters = meters;
        this.producers = producers;
    }

    /**
     * Takes the publisher's role: a producer with the model's transactional id, initialized (fencing any earlier
     * leader's), and the champion read back from model-updates.
     *
     * @return the champion (trusted and loadable), or null
     */
    synchronized ServingModel lead() {
        takeLead();
        return loadChampion();
    }

    /** The publisher's role without reading the champion: {@link #lead()}'s first half. */
    synchronized void takeLead() {
        leading = true;
        openProducer();
    }

    /**
     * The champion as model-updates has it now, read before each round: an admin's {@code model rollback} (or
     * anyone's trusted publication) since the last round changes what the next candidate is gated against, and
     * its sequence, perhaps from a host whose clock runs ahead, is where this trainer's next one continues from.
     */
    synchronized ServingModel currentChampion() {
        return loadChampion();
    }

    /**
     * The sequence of the trusted bundle the last {@link #currentChampion()} found, -1 for none (a tombstone or a
     * forged bundle on top). Below the one this trainer published (sequences are at least 0), the topic lost its
     * champion or went back (an old, validly signed bundle replayed onto it): compaction would leave that as the
     * only record, for an instance started later.
     */
    long readSequence() {
        return readSequence;
    }

    /** The transactional producer, made and initialized (fencing any earlier leader's) when there is none. */
    private void openProducer() {
        if (producer != null) {
            return;
        }
        Producer<String, byte[]> p = producers.get();
        try {
            p.initTransactions();
        } catch (RuntimeException e) {
            p.close(Duration.ZERO); // not kept half-initialized: the next attempt starts anew
            throw e;
        }
        producer = p;
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(meters);
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
    synchronized ModelBundle commit(ModelBundle promoted, ModelDecision decision)
            throws JsonProcessingException {
        if (!leading) {
            throw new NotLeaderException("this trainer does not lead model " + config.modelName(), null);
        }
        openProducer(); // anew after a commit whose outcome was lost
        long sequence = ModelMetadata.nextSequence(lastSequence, System.currentTimeMillis());
        ModelBundle published = promoted == null ? null : config.modelTrust().sign(
                ModelBundle.create(promoted.metadata().withSequence(sequence), promoted.weights()));
        byte[] decisionBytes = TrainerJson.bytes(decision);
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
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw fenced(e);
        } catch (KafkaException e) {
            producer.abortTransaction();
            throw e;
        }
        commitTransaction(published == null ? "a round without a bundle" : published.version());
        if (published != null) {
            lastSequence = sequence;
        }
        return published;
    }

    /**
     * Commits the open transaction, retrying a commit that timed out: the commit may be completing on the broker,
     * so aborting now is not allowed. Closes the producer when every attempt timed out, or the thread was
     * interrupted; the transaction is settled by the next producer's {@code initTransactions}.
     */
    private void commitTransaction(String what) {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                throw fenced(e);
            } catch (TimeoutException e) {
                if (attempt < COMMIT_ATTEMPTS) {
                    log.warn("Committing {} of model {} timed out (attempt {} of {}); retrying the commit",
                            what, config.modelName(), attempt, COMMIT_ATTEMPTS);
                    continue;
                }
                closeProducer();
                throw new CommitOutcomeUnknownException("committing " + what + " of model " + config.modelName()
                        + " timed out " + COMMIT_ATTEMPTS + " times; it may or may not be published. The next "
                        + "round reads the champion back from " + config.topics().modelUpdates(), e);
            } catch (InterruptException e) {
                closeProducer(); // retrying is allowed, but the thread is being stopped
                throw e;
            }
        }
    }

    private NotLeaderException fenced(KafkaException e) {
        leading = false;
        closeProducer();
        return new NotLeaderException("another trainer of model " + config.modelName() + " publishes now; this "
                + "one's round was not published", e);
    }

    /** Gives up the publisher's role (deposed): the producer closes; the next {@link #lead()} starts anew. */
    synchronized void stepDown() {
        leading = false;
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
        readSequence = -1;
        if (latest == null) {
            return null;
        }
        try {
            ModelBundle bundle = ModelBundle.fromBytes(latest);
            // the champion is what the next candidate must beat and what a rollback may return to: a bundle the
            // service would not serve (unsigned, forged, another key) is not one
            config.modelTrust().check(bundle);
            readSequence = bundle.sequence();
            lastSequence = Math.max(lastSequence, bundle.sequence());
            if (!bundle.metadata().servedGroup().equals(config.servedGroup())) {
                // streams-app refuses it for this group, so it is nobody's champion here
                events.say("the bundle " + bundle.version() + " on " + config.topics().modelUpdates()
                        + " under model " + config.modelName() + " declares group " + bundle.metadata().servedGroup()
                        + ", not " + config.servedGroup() + "; training without a champion");
                return null;
            }
            if (bundle.retirement()) {
                events.say("model " + config.modelName() + " was retired by " + bundle.version()
                        + " (the baseline serves)");
                return null;
            }
            return ServingModel.load(bundle, KernelKind.JAVA);
        } catch (BundleFormatException | RuntimeException e) {
            String why = e instanceof BundleFormatException b ? b.reason() + ": " + b.getMessage() : e.toString();
            log.warn("The current bundle on {} is not usable ({}); training without a champion",
                    config.topics().modelUpdates(), why);
            events.say("the bundle on " + config.topics().modelUpdates() + " is not trusted or not usable ("
                    + why + "); training without a champion");
            return null;
        }
    }

    @Override
    public synchronized void close() {
        closeProducer();
    }
}
