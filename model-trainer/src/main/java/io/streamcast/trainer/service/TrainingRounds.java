package io.streamcast.trainer.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ServingModel;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.metrics.TrainerMetrics;
import io.streamcast.trainer.training.ModelTrainer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's rounds against its champion, on the leader: the champion read back from model-updates (and published
 * again when the topic lost it), a candidate trained on the history and gated, the outcome published through
 * {@link ModelPublisher} with its decision record, and the bundle published crowned the next round's champion.
 * When it runs is {@link TrainerService}'s business.
 */
final class TrainingRounds implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrainingRounds.class);

    private final TrainerConfig config;
    private final TrainerLog events;
    private final HistoryStore history;
    private final TrainerMetrics metrics;
    private final String trainerId;
    private final ModelPublisher publisher;
    /** One for the service's life: it carries a refused candidate's weights into the next round. */
    private final ModelTrainer trainer;
    private final List<DecisionRecord> decisions = new CopyOnWriteArrayList<>();
    private volatile ServingModel champion;

    TrainingRounds(TrainerConfig config, TrainerLog events, HistoryStore history, TrainerMetrics metrics,
                   MeterRegistry meters, String trainerId) {
        this.config = config;
        this.events = events;
        this.history = history;
        this.metrics = metrics;
        this.trainerId = trainerId;
        this.trainer = new ModelTrainer(config.forecast(), config.training(), config.modelName());
        this.publisher = new ModelPublisher(config, events, meters);
    }

    /** This trainer was elected: it takes the publisher's role and the champion model-updates holds. */
    void lead() {
        champion = publisher.lead();
        events.say("leads model " + config.modelName() + "; champion "
                + (champion == null ? "none (baseline serves)" : champion.version()));
    }

    /** This trainer was deposed: it no longer publishes. */
    void stepDown(String why) {
        publisher.stepDown();
        events.say("no longer leads model " + config.modelName() + ": " + why);
    }

    /** One round on the current history; returns the decision record. */
    DecisionRecord trainAndPublish() throws Exception {
        readChampion();
        List<SeriesHistory> snapshot = history.snapshot();
        String version = GroupBundles.newVersion(config.group());
        events.say(String.format("training %s on %d points of %d series (champion %s)", version,
                snapshot.stream().mapToLong(SeriesHistory::size).sum(), snapshot.size(),
                champion == null ? "none" : champion.version()));
        ModelTrainer.Round round;
        try (AutoCloseable timing = metrics.roundStarted()) {
            round = trainer.run(snapshot, champion, version, line -> log.debug("{}: {}", version, line));
        }
        metrics.decided(round);
        DecisionRecord decision = DecisionRecord.of(config.modelName(), config.servedGroup(), trainerId, round,
                version, champion == null ? null : champion.version());
        try {
            ModelBundle published = publisher.commit(publication(round, version), decision);
            if (published != null) {
                crown(published);
            }
        } catch (ModelPublisher.NotLeaderException e) {
            log.warn("Round {} not published: {}", version, e.getMessage());
            events.say(version + " not published: " + e.getMessage());
            return decision.unpublished();
        }
        decisions.add(decision);
        log.info("Model decision: {}", TrainerJson.line(decision));
        events.say(version + " " + decision.decision() + ": " + decision.reason());
        return decision;
    }

    /**
     * Reads the champion back from model-updates before a round: a rollback since the last round is what this one
     * must beat. When the topic no longer holds the trusted bundle this trainer crowned or a newer one (a tombstone,
     * a forged bundle, or an old signed one replayed on top: streams-app refuses them all, but compaction would
     * leave only them for an instance started later), the champion is published again, signed, under a new
     * sequence.
     */
    void readChampion() throws Exception {
        ServingModel held = champion;
        champion = publisher.currentChampion();
        if (held != null && publisher.readSequence() < held.bundle().sequence()) {
            events.say(config.topics().modelUpdates() + " holds neither champion " + held.version()
                    + " nor a newer trusted bundle of model " + config.modelName() + " (a tombstone, a forged or a "
                    + "replayed old bundle on top); publishing the champion again");
            ModelBundle again = publisher.commit(held.bundle(), PublicationRecord.republished(config.modelName(),
                    config.servedGroup(), trainerId, held.version()));
            crown(again);
        }
    }

    /** What a round publishes: the promoted candidate, a retirement of the champion, or nothing. */
    private ModelBundle publication(ModelTrainer.Round round, String version) {
        if (round.decision().promote()) {
            return GroupBundles.declared(config, round.bundle());
        }
        return round.decision().retire() ? GroupBundles.retirement(config, version) : null;
    }

    /**
     * Publishes a bundle as a round does a promoted one, declaring the group, after reading the champion (and with
     * it the sequence to continue from); it becomes the champion.
     *
     * @return the bundle as published
     */
    ModelBundle publish(ModelBundle bundle) throws Exception {
        readChampion();
        ModelBundle declared = GroupBundles.declared(config, bundle);
        ModelBundle published = publisher.commit(declared, PublicationRecord.direct(config.modelName(),
                config.servedGroup(), trainerId, declared.version()));
        crown(published);
        return published;
    }

    /**
     * Makes a bundle just published the champion the next round is gated against: none after a retirement, or
     * when it does not load (a round's candidate always does: its backtest loaded it).
     */
    private void crown(ModelBundle published) {
        try {
            champion = published.retirement() ? null : ServingModel.load(published, KernelKind.JAVA);
        } catch (BundleFormatException e) {
            log.warn("Published bundle {} does not load ({}); the next round has no champion", published.version(),
                    e.getMessage());
            champion = null;
        }
    }

    ServingModel champion() {
        return champion;
    }

    /** The decisions of the rounds published so far, oldest first. */
    List<DecisionRecord> decisions() {
        return List.copyOf(decisions);
    }

    @Override
    public void close() {
        publisher.close();
    }
}
