package io.streamcast.trainer.service;

import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ServingModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.metrics.TrainerMetrics;
import io.streamcast.trainer.training.ModelTrainer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model-trainer service of one model (one forecast group: {@link TrainerConfig#group}; {@link TrainerGroups}
 * runs one per group of a deployment file): reads the history topics from their beginning into a bounded {@link HistoryStore} on
 * one thread (every start: the history survives restarts because the topic holds it; no consumer group offsets
 * are committed that could make a restarted trainer see only new records),
 * retrains on another (so consuming never stops), gates each candidate against the champion and the baseline
 * forecaster, and publishes promoted bundles to the compacted model-updates topic (archived by version) through
 * {@link ModelPublisher}. Every decision is logged and written as JSON to model-decisions. streams-app never needs
 * this service: without it the baseline serves. Only the elected leader of the model trains and publishes
 * ({@link TrainerLeadership}: one election per model name, so per group).
 */
public final class TrainerService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrainerService.class);
    /**
     * How long {@code --once} (and a direct {@link #publish}) waits to lead: past the group's session timeout
     * (45 s by default), so a trainer that just crashed does not hold the model for ever.
     */
    static final Duration ONCE_LEADERSHIP_WAIT = Duration.ofSeconds(60);

    private final TrainerConfig config;
    private final Consumer<String> events;
    private final HistoryStore history;
    private final RoundRunner rounds;
    private final List<Map<String, Object>> decisions = new CopyOnWriteArrayList<>();
    private final ModelPublisher publisher;
    private final TrainerLeadership leadership;
    private final HistoryReader reader;
    private final TrainerMetrics metrics;
    private final KafkaClientMetrics readerMetrics;
    private final String trainerId;
    private boolean electionStarted;
    private boolean closed; // guarded by this
    private Thread consumerThread;
    private volatile boolean running;
    private volatile ServingModel champion;
    /** One for the service's life: it carries a refused candidate's weights into the next round. */
    private final ModelTrainer trainer;
    private final RetrainSchedule schedule;

    public TrainerService(TrainerConfig config, Consumer<String> events) {
        this(config, events, new SimpleMeterRegistry());
    }

    /** @param meters receives the {@code streamcast.trainer.*} meters and the Kafka clients' metrics */
    public TrainerService(TrainerConfig config, Consumer<String> events, MeterRegistry meters) {
        this(config, events, meters, null, TrainerGroups.newTrainerId());
    }

    /**
     * @param sharedTraining the thread a deployment's groups run their rounds on, one at a time ({@link
     *                       RoundRunner}), or null for a thread of this service's own
     * @param trainerId      the trainer process's id, in its decision records
     */
    TrainerService(TrainerConfig config, Consumer<String> events, MeterRegistry meters, ExecutorService sharedTraining,
                   String trainerId) {
        this.config = config;
        this.trainerId = trainerId;
        this.rounds = new RoundRunner(sharedTraining);
        // with a group, every line says whose it is (one trainer runs several); a one-group trainer's lines need not
        String prefix = config.group() == null ? "" : "group " + config.group() + ": ";
        this.events = prefix.isEmpty() ? events : line -> events.accept(line.startsWith("trainer: ")
                ? "trainer: " + prefix + line.substring("trainer: ".length()) : prefix + line);
        this.history = new HistoryStore(config.maxPointsPerSeries(), config.maxSeries(),
                HistoryStore.sampleKey(config.modelTrust()));
        this.trainer = new ModelTrainer(config.forecast(), config.training(), config.modelName());
        this.schedule = new RetrainSchedule(config.retrainEveryPoints(), config.retrainInterval(), config.minPoints(),
                System.nanoTime());
        this.reader = new HistoryReader(TrainerClients.historyConsumer(config), config.inputs(), history);
        this.publisher = new ModelPublisher(config, this.events, meters);
        this.leadership = new TrainerLeadership(TrainerClients.electionConsumer(config),
                config.topics().modelDecisions(), new TrainerLeadership.Listener() {
            @Override
            public void elected() {
                champion = publisher.lead();
                TrainerService.this.events.accept("trainer: leads model " + config.modelName() + "; champion "
                        + (champion == null ? "none (baseline serves)" : champion.version()));
            }

            @Override
            public void deposed(String why) {
                publisher.stepDown();
                TrainerService.this.events.accept("trainer: no longer leads model " + config.modelName() + ": " + why);
            }
        });
        this.metrics = new TrainerMetrics(meters, config.servedGroup(), history, reader::rejected,
                leadership::isLeader);
        this.readerMetrics = new KafkaClientMetrics(reader.consumer());
        readerMetrics.bindTo(meters);
    }

    /** Checks or creates the model topics, and joins the election of the model's trainers (once). */
    public synchronized void prepare() throws Exception {
        if (electionStarted) {
            return;
        }
        try (Admin admin = Admin.create(TrainerClients.admin(config))) {
            ModelTopics.ensure(admin, config);
        }
        leadership.start();
        electionStarted = true;
    }

    /**
     * Prepares and waits until this trainer leads its model (it then publishes), at most {@code timeout}.
     *
     * @throws IllegalStateException when another trainer of the model leads all that time
     */
    public void lead(Duration timeout) throws Exception {
        prepare();
        if (!leadership.awaitLeadership(timeout)) {
            throw new IllegalStateException("another trainer leads model " + config.modelName() + " (consumer group "
                    + TrainerLeadership.groupId(config) + "): only the leader publishes; stop it first, or let it "
                    + "train (waited " + timeout.toSeconds() + " s)");
        }
    }

    /** Whether this trainer leads its model now: it trains and publishes; the others stand by. */
    public boolean leader() {
        return leadership.isLeader();
    }

    /**
     * Runs the service until {@link #close()}: consumes history; when it leads its model, retrains on schedule
     * and publishes; otherwise stands by, ready to take over.
     */
    public void start() throws Exception {
        prepare();
        running = true;
        reader.assignAll();
        consumerThread = new Thread(this::consumeLoop, "trainer-consumer");
        consumerThread.start();
    }

    /**
     * {@code --once}: once this trainer leads its model (waiting up to {@link #ONCE_LEADERSHIP_WAIT}), reads the
     * history topic from its beginning to its current end, trains once, publishes if promoted.
     */
    public Map<String, Object> runOnce() throws Exception {
        lead(ONCE_LEADERSHIP_WAIT);
        reader.assignAll();
        reader.readToCurrentEnd(events);
        events.accept("trainer: read " + history.points() + " points of " + history.seriesCount() + " series from "
                + config.inputs().describe() + leftOutNote());
        return trainAndPublish();
    }

    private String leftOutNote() {
        long left = history.seriesLeftOutEstimate();
        return left == 0 ? "" : String.format(" (about %d more series left out: the history keeps a sample of %d)",
                left, history.maxSeries());
    }

    private void consumeLoop() {
        try {
            while (running) {
                reader.poll();
                maybeScheduleTraining();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("Trainer consumer failed", e);
        }
    }

    private synchronized void maybeScheduleTraining() {
        if (rounds.busy() || !leadership.isLeader()) {
            return;
        }
        if (schedule.startIfDue(history.accepted(), System.nanoTime())) {
            rounds.submit(this::scheduledRound);
        }
    }

    /** A round the schedule started: its failure is logged and ends only this round (of this group). */
    private void scheduledRound() {
        try {
            trainAndPublish();
        } catch (InterruptedException e) {
            log.info("Training round interrupted by shutdown");
        } catch (Exception e) {
            if (!running) {
                log.info("Training round ended by shutdown: {}", e.toString());
                return;
            }
            log.error("Training round of model {} failed; its champion keeps serving", config.modelName(), e);
            events.accept("trainer: training failed: " + e);
        }
    }

    /** One round on the current history; returns the decision record. */
    public Map<String, Object> trainAndPublish() throws Exception {
        readChampion();
        List<SeriesHistory> snapshot = history.snapshot();
        String version = GroupBundles.newVersion(config.group());
        events.accept(String.format("trainer: training %s on %d points of %d series (champion %s)", version,
                snapshot.stream().mapToLong(SeriesHistory::size).sum(), snapshot.size(),
                champion == null ? "none" : champion.version()));
        ModelTrainer.Round round;
        try (AutoCloseable timing = metrics.roundStarted()) {
            round = trainer.run(snapshot, champion, version, line -> log.debug("{}: {}", version, line));
        }
        metrics.decided(round);
        Map<String, Object> decision = DecisionRecord.of(config.modelName(), config.servedGroup(), trainerId, round, version,
                champion == null ? null : champion.version());
        try {
            ModelBundle published = publisher.commit(publication(round, version), decision);
            if (published != null) {
                crown(published);
            }
        } catch (ModelPublisher.NotLeaderException e) {
            log.warn("Round {} not published: {}", version, e.getMessage());
            events.accept("trainer: " + version + " not published: " + e.getMessage());
            decision.put("published", false);
            return decision;
        }
        decisions.add(decision);
        log.info("Model decision: {}", decision);
        events.accept("trainer: " + version + " " + decision.get("decision") + ": " + decision.get("reason"));
        return decision;
    }

    /**
     * Reads the champion back from model-updates before a round: a rollback since the last round is what this one
     * must beat. When the topic no longer holds the trusted bundle this trainer crowned or a newer one (a tombstone,
     * a forged bundle, or an old signed one replayed on top: streams-app refuses them all, but compaction would
     * leave only them for an instance started later), the champion is published again, signed, under a new
     * sequence.
     */
    private void readChampion() throws Exception {
        ServingModel held = champion;
        champion = publisher.currentChampion();
        if (held != null && publisher.readSequence() < held.bundle().sequence()) {
            events.accept("trainer: " + config.topics().modelUpdates() + " holds neither champion "
                    + held.version() + " nor a newer trusted bundle of model " + config.modelName() + " (a tombstone, "
                    + "a forged or a replayed old bundle on top); publishing the champion again");
            Map<String, Object> decision = DecisionRecord.published(config.modelName(), config.servedGroup(),
                    trainerId, held.version());
            decision.put("reason", "republished: model-updates held neither the champion nor a newer trusted bundle "
                    + "(a tombstone, a forged or a replayed old bundle on top)");
            ModelBundle again = publisher.commit(held.bundle(), decision);
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
     * Publishes a bundle as the leader does a promoted one (tests, tools): archived by version, to model-updates
     * under the next publication sequence, signed when a model key is configured (see {@link ModelPublisher}).
     * Waits for leadership as {@link #lead} does. It becomes the champion the next round is gated against. With a
     * group, the bundle is published declaring it.
     *
     * @return the bundle as published
     */
    public ModelBundle publish(ModelBundle bundle) throws Exception {
        lead(ONCE_LEADERSHIP_WAIT);
        readChampion(); // and with it the sequence to continue from
        ModelBundle declared = GroupBundles.declared(config, bundle);
        ModelBundle published = publisher.commit(declared, DecisionRecord.published(config.modelName(),
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

    public TrainerConfig config() {
        return config;
    }

    public ServingModel champion() {
        return champion;
    }

    public List<Map<String, Object>> decisions() {
        return List.copyOf(decisions);
    }

    public HistoryStore history() {
        return history;
    }

    public long rejectedRecords() {
        return reader.rejected();
    }

    /** Whether the service consumes history and takes part in its model's election (as leader or standby). */
    public boolean healthy() {
        return running && consumerThread != null && consumerThread.isAlive() && leadership.alive();
    }

    /** Whether a training round of this model is running now (not merely queued behind another group's). */
    public boolean training() {
        return rounds.running();
    }

    /** The trainer process's id: its decision records' {@code trainer}. */
    public String trainerId() {
        return trainerId;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        running = false;
        if (consumerThread != null) {
            reader.wakeup();
            try {
                consumerThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        rounds.close();
        leadership.close(); // leaves the group: a standby trainer takes over at once
        readerMetrics.close();
        reader.close();
        publisher.close();
    }
}
