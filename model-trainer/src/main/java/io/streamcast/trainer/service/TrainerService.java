package io.streamcast.trainer.service;

import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ServingModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.metrics.TrainerMetrics;
import io.streamcast.trainer.training.ModelTrainer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model-trainer service: reads the history topic from its beginning into a bounded {@link HistoryStore} on
 * one thread (every start: the history survives restarts because the topic holds it; no consumer group offsets
 * are committed that could make a restarted trainer see only new records),
 * retrains on another (so consuming never stops), gates each candidate against the champion and the baseline
 * forecaster, and publishes promoted bundles to the compacted model-updates topic (archived by version) through
 * {@link ModelPublisher}. Every decision is logged and written as JSON to model-decisions. streams-app never needs this service: without it
 * the baseline serves.
 */
public final class TrainerService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrainerService.class);

    private final TrainerConfig config;
    private final Consumer<String> events;
    private final HistoryStore history;
    private final ExecutorService training = Executors.newSingleThreadExecutor(r -> new Thread(r, "trainer-training"));
    private final List<Map<String, Object>> decisions = new CopyOnWriteArrayList<>();
    private final ModelPublisher publisher;
    private final HistoryReader reader;
    private final TrainerMetrics metrics;
    private final List<KafkaClientMetrics> clientMetrics;
    private Thread consumerThread;
    private volatile boolean running;
    private volatile ServingModel champion;
    private volatile Future<?> inFlight;
    private final RetrainSchedule schedule;

    public TrainerService(TrainerConfig config, Consumer<String> events) {
        this(config, events, new SimpleMeterRegistry());
    }

    /** @param meters receives the {@code streamcast.trainer.*} meters and the Kafka clients' metrics */
    public TrainerService(TrainerConfig config, Consumer<String> events, MeterRegistry meters) {
        this.config = config;
        this.events = events;
        this.history = new HistoryStore(config.maxPointsPerSeries(), config.maxSeries());
        this.schedule = new RetrainSchedule(config.retrainEveryPoints(), config.retrainInterval(), config.minPoints(),
                System.nanoTime());
        this.reader = new HistoryReader(consumerProperties(config), config.topics().observations(), history);
        this.metrics = new TrainerMetrics(meters, history, reader::rejected);
        this.publisher = new ModelPublisher(config, events);
        this.clientMetrics = List.of(new KafkaClientMetrics(publisher.producer()),
                new KafkaClientMetrics(reader.consumer()));
        clientMetrics.forEach(m -> m.bindTo(meters));
    }

    /*
     * The properties of the trainer's Kafka clients: bootstrap servers and the pass-through properties, then the
     * settings the service depends on, which the pass-through properties cannot override (KafkaConnection).
     */

    /** The producer of bundles and decisions: idempotent, acks=all, requests big enough for a bundle. */
    public static Properties producerProperties(TrainerConfig config) {
        Properties p = config.kafka().idempotentProducer();
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(ModelTopics.MAX_BUNDLE_BYTES));
        return p;
    }

    /**
     * The history consumer: read_committed, in no consumer group and committing nothing. The trainer assigns
     * itself every partition and reads from the beginning at each start, so its in-memory history is rebuilt
     * from the topic; committed offsets would make a restarted trainer see only what arrives after.
     */
    public static Properties consumerProperties(TrainerConfig config) {
        Properties p = config.kafka().readCommittedConsumer();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    /** The admin client that checks or creates the model topics. */
    public static Properties adminProperties(TrainerConfig config) {
        return config.kafka().admin();
    }

    /** Checks or creates the model topics and loads the current champion from model-updates. */
    public void prepare() throws Exception {
        try (Admin admin = Admin.create(adminProperties(config))) {
            ModelTopics.ensure(admin, config);
        }
        champion = publisher.loadChampion();
        events.accept("trainer: champion " + (champion == null ? "none (baseline serves)" : champion.version()));
    }

    /** Runs the service: consumes history and retrains on schedule until {@link #close()}. */
    public void start() throws Exception {
        prepare();
        running = true;
        reader.assignAll();
        consumerThread = new Thread(this::consumeLoop, "trainer-consumer");
        consumerThread.start();
    }

    /** {@code --once}: reads the history topic from its beginning to its current end, trains once, publishes if promoted. */
    public Map<String, Object> runOnce() throws Exception {
        prepare();
        reader.assignAll();
        reader.readToCurrentEnd(events);
        events.accept("trainer: read " + history.points() + " points of " + history.seriesCount() + " series"
                + leftOutNote());
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
        if (inFlight != null && !inFlight.isDone()) {
            return;
        }
        if (!schedule.startIfDue(history.accepted(), System.nanoTime())) {
            return;
        }
        inFlight = training.submit(() -> {
            try {
                trainAndPublish();
            } catch (InterruptedException e) {
                log.info("Training round interrupted by shutdown");
            } catch (Exception e) {
                if (!running) {
                    log.info("Training round ended by shutdown: {}", e.toString());
                    return;
                }
                log.error("Training round failed; the champion keeps serving", e);
                events.accept("trainer: training failed: " + e);
            }
        });
    }

    /** One round on the current history; returns the decision record. */
    public Map<String, Object> trainAndPublish() throws Exception {
        List<SeriesHistory> snapshot = history.snapshot();
        String version = newVersion();
        events.accept(String.format("trainer: training %s on %d points of %d series (champion %s)", version,
                snapshot.stream().mapToLong(SeriesHistory::size).sum(), snapshot.size(),
                champion == null ? "none" : champion.version()));
        ModelTrainer trainer = new ModelTrainer(config.forecast(), config.training(), config.modelName());
        ModelTrainer.Round round;
        try (AutoCloseable timing = metrics.roundStarted()) {
            round = trainer.run(snapshot, champion, version, line -> log.debug("{}: {}", version, line));
        }
        metrics.decided(round);
        Map<String, Object> decision = DecisionRecord.of(config.modelName(), round, version,
                champion == null ? null : champion.version());
        if (round.decision().promote()) {
            ModelBundle published = publish(round.bundle());
            champion = ServingModel.load(published, KernelKind.JAVA);
        }
        publisher.decision(decision);
        decisions.add(decision);
        log.info("Model decision: {}", decision);
        events.accept("trainer: " + version + " " + decision.get("decision") + ": " + decision.get("reason"));
        return decision;
    }

    /**
     * Publishes a bundle to model-updates (what streams-app serves) and archives it by version, under the next
     * publication sequence, signed when a model key is configured (see {@link ModelPublisher}).
     *
     * @return the bundle as published
     */
    public ModelBundle publish(ModelBundle bundle) throws Exception {
        return publisher.publish(bundle);
    }

    private static String newVersion() {
        return "lstm-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
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

    /** Whether the service consumes history (started and its consumer thread alive). */
    public boolean healthy() {
        return running && consumerThread != null && consumerThread.isAlive();
    }

    /** Whether a training round is running now. */
    public boolean training() {
        Future<?> f = inFlight;
        return f != null && !f.isDone();
    }

    @Override
    public void close() {
        running = false;
        if (consumerThread != null) {
            reader.wakeup();
            try {
                consumerThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        training.shutdownNow();
        try {
            training.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clientMetrics.forEach(KafkaClientMetrics::close);
        reader.close();
        publisher.close();
    }
}
