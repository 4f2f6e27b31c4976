package io.streamcast.trainer.service;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trainer process's models: a {@link TrainerService} per forecast group of a deployment file (or the one
 * group of the flags), each with its own history, schedule, election and publisher, so several trainer processes
 * with the same file divide the groups (one leader per group's model) and a group's failure stays its own. Their
 * rounds share one training thread ({@link RoundRunner} says why).
 */
public final class TrainerGroups implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrainerGroups.class);

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String trainerId = newTrainerId();
    private final ExecutorService training = Executors.newSingleThreadExecutor(r -> new Thread(r, "trainer-training"));
    private final List<TrainerService> services = new ArrayList<>();

    /** @param configs one per group, model names distinct (each model is one election) */
    public TrainerGroups(List<TrainerConfig> configs, Consumer<String> events, MeterRegistry meters) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("no group to train");
        }
        try {
            for (TrainerConfig config : configs) {
                services.add(new TrainerService(config, events, meters, training, trainerId));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * An id for a trainer process, {@code HOST/PID-N} (N counts trainers in the process: tests run several): the
     * {@code trainer} of its decision records, which tells which of several trainers led a group when.
     */
    static String newTrainerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
    }

    /** This trainer process's id (its decision records' {@code trainer}). */
    public String trainerId() {
        return trainerId;
    }

    /** The groups' services, in the deployment's order. */
    public List<TrainerService> services() {
        return List.copyOf(services);
    }

    /** Starts every group: each consumes its history and joins its model's election. */
    public void start() throws Exception {
        for (TrainerService s : services) {
            s.start();
        }
    }

    /**
     * {@code --once} for every group in turn (each waits up to a minute to lead its model), telling
     * {@code decided} each group's decision record as it is made. A group that fails does not stop the next; at
     * the end a failure is thrown: the only one as it is (a trainer without a deployment file fails as it always
     * did), else one naming each group's.
     */
    public void runOnce(BiConsumer<TrainerConfig, DecisionRecord> decided, Consumer<String> events)
            throws Exception {
        List<Exception> failures = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (TrainerService s : services) {
            String group = s.config().servedGroup();
            try {
                decided.accept(s.config(), s.runOnce());
            } catch (Exception e) {
                log.error("Group {} failed its round", group, e);
                events.accept("trainer: group " + group + " failed: " + e.getMessage());
                failures.add(e);
                failed.add("group " + group + ": " + e.getMessage());
            }
        }
        if (failures.size() == 1 && services.size() == 1) {
            throw failures.get(0);
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException(failures.size() + " of " + services.size()
                    + " groups failed (" + String.join("; ", failed) + ")", failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Whether every group consumes its history and takes part in its election. */
    public boolean healthy() {
        return services.stream().allMatch(TrainerService::healthy);
    }

    @Override
    public void close() {
        for (TrainerService s : services) {
            try {
                s.close(); // leaves its election: a standby of that group takes over at once
            } catch (RuntimeException e) {
                log.warn("Closing the trainer of model {} failed", s.config().modelName(), e);
            }
        }
        training.shutdownNow();
        try {
            training.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
