package io.streamcast.trainer.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ServingModel;
import io.streamcast.trainer.metrics.TrainerMetrics;
import java.time.Duration;
import java.util.List;
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
 * retrains on another (so consuming never stops): {@link TrainingRounds} gates each candidate against the champion
 * and the baseline forecaster, and publishes promoted bundles to the compacted model-updates topic (archived by
 * version) through {@link ModelPublisher}. Every decision is logged and written as JSON ({@link DecisionRecord}) to
 * model-decisions; what the trainer does is told line by line ({@link TrainerLog}). streams-app never needs
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
    private final TrainerLog events;
    private final HistoryStore history;
    private final RoundRunner runner;
    private final TrainingRounds rounds;
    private final TrainerLeadership leadership;
    private final HistoryReader reader;
    private final KafkaClientMetrics readerMetrics;
    private final String trainerId;
    private boolean electionStarted;
    private boolean closed; // guarded by this
    private Thread consumerThread;
    private volatile boolean running;
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
        this.runner = new RoundRunner(sharedTraining);
        this.events = new TrainerLog(events, config.group());
        this.history = new HistoryStore(config.maxPointsPerSeries(), config.maxSeries(),
                HistoryStore.sampleKey(config.modelTrust()));
        this.schedule = new RetrainSchedule(config.retrainEveryPoints(), config.retrainInterval(), config.minPoints(),
                System.nanoTime());
        this.reader = new HistoryReader(TrainerClients.historyConsumer(config), config.inputs(), history);
        this.leadership = new TrainerLeadership(TrainerClients.electionConsumer(config),
                config.topics().modelDecisions(), new TrainerLeadership.Listener() {
            @Override
            public void elected() {
                rounds.lead();
            }

            @Override
            public void deposed(String why) {
                rounds.stepDown(why);
            }
        });
        TrainerMetrics metrics = new TrainerMetrics(meters, config.servedGroup(), history, reader::rejected,
                leadership::isLeader);
        this.rounds = new TrainingRounds(config, this.events, history, metrics, meters, trainerId);
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
                    + TrainerLeadership.electionGroupId(config) + "): only the leader publishes; stop it first, or let it "
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
    public DecisionRecord runOnce() throws Exception {
        lead(ONCE_LEADERSHIP_WAIT);
        reader.assignAll();
        reader.readToCurrentEnd(events);
        events.say("read " + history.points() + " points of " + history.seriesCount() + " series from "
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
        if (runner.busy() || !leadership.isLeader()) {
            return;
        }
        if (schedule.startIfDue(history.accepted(), System.nanoTime())) {
            runner.submit(this::scheduledRound);
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
            events.say("training failed: " + e);
        }
    }

    /** One round on the current history; returns the decision record. */
    public DecisionRecord trainAndPublish() throws Exception {
        return rounds.trainAndPublish();
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
        return rounds.publish(bundle);
    }

    public TrainerConfig config() {
        return config;
    }

    public ServingModel champion() {
        return rounds.champion();
    }

    /** The decisions of this service's published rounds, oldest first. */
    public List<DecisionRecord> decisions() {
        return rounds.decisions();
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
        return runner.running();
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
        runner.close();
        leadership.close(); // leaves the group: a standby trainer takes over at once
        readerMetrics.close();
        reader.close();
        rounds.close();
    }
}
