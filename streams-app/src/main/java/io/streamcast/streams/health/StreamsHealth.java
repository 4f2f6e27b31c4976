package io.streamcast.streams.health;

import io.streamcast.streams.model.ModelRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What {@code /health} says, worked out from Kafka Streams' own state rather than assumed.
 *
 * <ul>
 *   <li><b>live</b> (restart me if not): false once the Kafka Streams client is in ERROR, NOT_RUNNING or on its
 *       way there, its global thread (model updates) died, or stream threads died {@link #REPEATED_FAILURES}
 *       times within {@link #FAILURE_WINDOW} (a replaced thread that dies on every record is not progress);</li>
 *   <li><b>ready</b> (route queries here): live, RUNNING, every stream thread RUNNING, no stream thread failed in
 *       the last {@link #RECENT_FAILURE}, the model-updates topic consumed (the global consumer has not been
 *       behind, nor its lag unknown, for longer than {@link #LAG_GRACE}), and input making progress: while
 *       records wait on the inputs, one was processed within {@link #LAG_GRACE}, and the input lag has not been
 *       unknown for longer (a broker out of reach leaves Kafka's lag metrics empty, which is not "no lag").</li>
 * </ul>
 * {@code status} is UP (ready), DEGRADED (live, not ready: the reasons say why) or DOWN (not live). The model
 * trust mode and the last refused bundle are reported too ({@link HealthReport}, the body). Thread-safe.
 */
public final class StreamsHealth {
    static final Duration RECENT_FAILURE = Duration.ofMinutes(5);
    static final Duration LAG_GRACE = Duration.ofMinutes(2);
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(10);
    static final int REPEATED_FAILURES = 5;
    private static final Set<KafkaStreams.State> DEAD = Set.of(KafkaStreams.State.ERROR,
            KafkaStreams.State.NOT_RUNNING, KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.PENDING_SHUTDOWN);

    private record Failure(String thread, Instant at, String error) {}

    /** What a health check reads from Kafka Streams; an interface so tests can drive every state. */
    public interface Source {
        KafkaStreams.State state();

        /** Each local stream thread's name and state (ThreadMetadata.threadState()). */
        Map<String, String> threads();

        /** The global consumer's records-lag-max on the model-updates topic, or -1 if unknown. */
        double modelUpdatesLag();

        /** The stream threads' consumers' largest records-lag-max on the inputs, or -1 if unknown. */
        default double inputLag() {
            return 0;
        }

        /** Input records processed so far (any monotonic count), or -1 if not counted. */
        default long processed() {
            return -1;
        }

        /** Whether this instance has active tasks (an instance with none fetches no input: its lag is unknown). */
        default boolean hasActiveTasks() {
            return true;
        }

        /**
         * This instance's tasks, ids sorted: which input partitions it processes and which it keeps warm copies of
         * (num.standby.replicas) to take over without a restore.
         */
        default HealthReport.Tasks tasks() {
            return HealthReport.Tasks.NONE;
        }

        /** @param processed input records processed so far (the app's observations counter) */
        static Source of(KafkaStreams streams, LongSupplier processed) {
            return new KafkaStreamsHealthSource(streams, processed);
        }
    }

    private final Source source;
    /** Every group's registry; the first one's is also shown at the top level, where a one-group client looks. */
    private final List<ModelRegistry> groups;
    private final Clock clock;
    private final List<Failure> failures = new ArrayList<>();
    private volatile boolean globalThreadDied;
    private Instant modelLagSince;
    private Instant modelLagUnknownSince;
    private Instant inputLagUnknownSince;
    private long lastProcessed = Long.MIN_VALUE;
    private Instant lastProgress;

    public StreamsHealth(Source source, ModelRegistry models, Clock clock) {
        this(source, List.of(models), clock);
    }

    /** @param groups the groups' model registries; the first one's model is also the top-level {@code model} */
    public StreamsHealth(Source source, List<ModelRegistry> groups, Clock clock) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("no group: the first group's model is the top-level one");
        }
        this.groups = List.copyOf(groups);
        this.source = source;
        this.clock = clock;
    }

    /** Called by the uncaught-exception handler: a stream (or the global) thread died of {@code error}. */
    public synchronized void threadFailed(String threadName, Throwable error) {
        failures.add(new Failure(threadName, clock.instant(), String.valueOf(error)));
        if (failures.size() > 20) {
            failures.remove(0);
        }
        if (threadName != null && threadName.contains("GlobalStreamThread")) {
            globalThreadDied = true;
        }
    }

    /** The health now, from the source's state and the failures reported since the last checks. */
    public synchronized HealthReport check() {
        Instant now = clock.instant();
        KafkaStreams.State state = source.state();
        List<String> reasons = new ArrayList<>();
        long recentDeaths = failures.stream()
                .filter(f -> Duration.between(f.at(), now).compareTo(FAILURE_WINDOW) < 0).count();
        boolean failingOver = recentDeaths >= REPEATED_FAILURES;
        boolean live = !DEAD.contains(state) && !globalThreadDied && !failingOver;
        if (globalThreadDied) {
            reasons.add("the global thread (model updates) died: " + lastFailureOf("GlobalStreamThread"));
        }
        if (failingOver) {
            reasons.add("stream threads died " + recentDeaths + " times in the last " + FAILURE_WINDOW.toMinutes()
                    + " minutes: replacing them makes no progress");
        }
        if (state != KafkaStreams.State.RUNNING) {
            reasons.add("Kafka Streams is " + state);
        }
        Map<String, String> threads = source.threads();
        threads.forEach((name, threadState) -> {
            if (!"RUNNING".equals(threadState)) {
                reasons.add("stream thread " + name + " is " + threadState);
            }
        });
        for (Failure f : failures) {
            Duration ago = Duration.between(f.at(), now);
            if (ago.compareTo(RECENT_FAILURE) < 0) {
                reasons.add("stream thread " + f.thread() + " failed " + ago.toSeconds() + " s ago (" + f.error()
                        + "); replaced");
            }
        }
        double lag = source.modelUpdatesLag();
        if (lag > 0) {
            if (modelLagSince == null) {
                modelLagSince = now;
            }
            Duration behind = Duration.between(modelLagSince, now);
            if (behind.compareTo(LAG_GRACE) >= 0) {
                reasons.add("model-updates: the global consumer has been " + (long) lag + " records behind for "
                        + behind.toSeconds() + " s");
            }
        } else {
            modelLagSince = null;
        }
        modelLagUnknownSince = unknownSince(lag, modelLagUnknownSince, now);
        unknownTooLong("model-updates: the global consumer's lag", modelLagUnknownSince, now, reasons);
        inputProgress(state, now, reasons);
        boolean ready = live && reasons.isEmpty();
        String status = ready ? "UP" : live ? "DEGRADED" : "DOWN";

        return HealthReport.of(status, live, ready, state.name(), threads, source.tasks(), reasons, groups);
    }

    /**
     * Input progress: the stream threads' lag known, and while records wait, one processed within the grace.
     * Only while RUNNING: a rebalance or a start has its own reason already.
     */
    private void inputProgress(KafkaStreams.State state, Instant now, List<String> reasons) {
        long processed = source.processed();
        if (processed != lastProcessed || lastProgress == null) {
            lastProcessed = processed;
            lastProgress = now;
        }
        double lag = source.inputLag();
        inputLagUnknownSince = unknownSince(lag, inputLagUnknownSince, now);
        if (state != KafkaStreams.State.RUNNING) {
            return;
        }
        if (inputLagUnknownSince != null && source.hasActiveTasks()) {
            unknownTooLong("input: the stream threads' lag", inputLagUnknownSince, now, reasons);
        }
        Duration still = Duration.between(lastProgress, now);
        if (lag > 0 && processed >= 0 && still.compareTo(LAG_GRACE) >= 0) {
            reasons.add("input: " + (long) lag + " records waiting, none processed for " + still.toSeconds() + " s");
        }
    }

    /** A reason when a lag has been unknown ({@code since}, null while known) for {@link #LAG_GRACE} or longer. */
    private static void unknownTooLong(String lag, Instant since, Instant now, List<String> reasons) {
        if (since != null && Duration.between(since, now).compareTo(LAG_GRACE) >= 0) {
            reasons.add(lag + " has been unknown for " + Duration.between(since, now).toSeconds()
                    + " s (no fetch answered: broker out of reach?)");
        }
    }

    /** When a lag became unknown (negative or not a number), kept while it stays so; null while it is known. */
    private static Instant unknownSince(double lag, Instant since, Instant now) {
        if (lag >= 0) {
            return null;
        }
        return since == null ? now : since;
    }

    private String lastFailureOf(String thread) {
        for (int i = failures.size() - 1; i >= 0; i--) {
            if (failures.get(i).thread().contains(thread)) {
                return failures.get(i).error();
            }
        }
        return "?";
    }
}
