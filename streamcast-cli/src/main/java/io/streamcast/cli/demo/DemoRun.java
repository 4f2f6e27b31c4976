package io.streamcast.cli.demo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.cli.replay.Replayer;
import io.streamcast.cli.stack.LocalStack;
import io.streamcast.cli.stack.OutputFollower;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.trainer.service.DecisionRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * The demo's run on a started stack: each group's data replayed into its topic ({@link DemoReplay}, the groups at
 * once, each paced by its own trainer's decisions), every group's outputs followed and counted, progress every
 * 5 s, and, once the data is in, a wait until every record delivered is a forecast, a dead letter or a counted
 * duplicate of its group (or 30 s past the deadline).
 */
final class DemoRun {
    /** What the run ends with, per group in the groups' order. */
    record Result(List<GroupResult> groups) {}

    /**
     * One group's counts: records the broker acknowledged (a failed send is not an input), duplicates and forecasts
     * the emit policy suppressed (streams-app's counters: neither has an output), and the trainer's decisions.
     */
    record GroupResult(DemoGroup group, long recordsIn, long failedSends, String firstFailure, long duplicates,
                       long suppressed, List<DecisionRecord> decisions) {}

    private final LocalStack stack;
    private final List<DemoGroup> groups;
    private final PrometheusMeterRegistry registry;
    private final long started;
    private final long deadline;

    DemoRun(LocalStack stack, List<DemoGroup> groups, PrometheusMeterRegistry registry, long started, long deadline) {
        this.stack = stack;
        this.groups = groups;
        this.registry = registry;
        this.started = started;
        this.deadline = deadline;
        // by name: the stack serves every group of the deployment, the demo replays those given data
        for (DemoGroup g : groups) {
            g.served = stack.groups().stream().filter(t -> t.group().equals(g.name)).findFirst().orElseThrow();
            g.trainer = stack.trainers().stream().filter(t -> t.config().servedGroup().equals(g.name)).findFirst()
                    .orElseThrow();
        }
    }

    /**
     * Replays every group, waits for its outputs, and stops the trainer (a round in progress ends first: the
     * figures are final).
     *
     * @param liveSpeed the first group's live speed (0 = max); the others are paced to last as long
     */
    Result replay(double liveSpeed, String speed) throws Exception {
        List<OutputFollower> followers = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(groups.size(), r -> new Thread(r, "demo-replay"));
        try {
            for (DemoGroup g : groups) {
                // forecasts (read_committed) and dead letters from the beginning, counted
                followers.add(stack.followOutputs(g.served, "demo-output-" + g.name, g.outputs::forecast,
                        g.outputs::deadLetter));
                g.replayer = new Replayer(KafkaConnection.plaintext(stack.bootstrapServers()), g.topic);
            }
            Thread progress = new Thread(this::progressLoop, "demo-progress");
            progress.setDaemon(true);
            progress.start();
            BooleanSupplier stop = () -> System.nanoTime() > deadline;
            List<Future<?>> sending = new ArrayList<>();
            for (DemoGroup g : groups) {
                double groupSpeed = liveSpeed == 0 || g == groups.get(0) ? liveSpeed
                        : g.speedLasting(groups.get(0).liveSeconds(liveSpeed));
                String said = g == groups.get(0) ? speed : liveSpeed == 0 ? "max"
                        : String.format("%.0fx (to last as long as group %s' live half)", groupSpeed, groups.get(0).name);
                String prefix = groups.size() > 1 ? "demo: " + g.name + ": " : "demo: ";
                sending.add(senders.submit(() -> {
                    new DemoReplay(g.replayer, g.trainer, deadline, this::say, prefix).send(g.rows, groupSpeed, said,
                            stop);
                    return null;
                }));
            }
            for (Future<?> f : sending) {
                f.get();
            }
            long drainUntil = Math.max(deadline, System.nanoTime()) + Duration.ofSeconds(30).toNanos();
            while (!allAccounted() && System.nanoTime() < drainUntil) {
                Thread.sleep(100);
            }
            List<GroupResult> results = new ArrayList<>();
            for (DemoGroup g : groups) {
                results.add(new GroupResult(g, g.replayer.delivered(), g.replayer.failed(), g.replayer.firstFailure(),
                        duplicates(g), suppressed(g), g.trainer.decisions()));
            }
            printProgress();
            stack.stopTrainer();
            return new Result(results);
        } finally {
            senders.shutdownNow();
            for (OutputFollower f : followers) {
                f.close();
            }
            for (DemoGroup g : groups) {
                if (g.replayer != null) {
                    g.replayer.close();
                }
            }
        }
    }

    /** Whether every group's delivered records are forecasts, suppressed forecasts, dead letters or duplicates. */
    private boolean allAccounted() {
        return groups.stream().allMatch(g -> g.outputs.forecasts() + suppressed(g) + g.outputs.deadLetters()
                + duplicates(g) >= g.replayer.delivered());
    }

    /** The group's duplicates: streams-app's counter (a duplicate has no output to count). */
    private long duplicates(DemoGroup g) {
        return count("streamcast.duplicates", g);
    }

    /** The group's forecasts its emit policy suppressed (0 with the default, every forecast written). */
    private long suppressed(DemoGroup g) {
        return count("streamcast.forecasts.suppressed", g);
    }

    private long count(String counter, DemoGroup g) {
        Counter c = registry.find(counter).tag("group", g.served.group()).counter();
        return c == null ? 0 : (long) c.count();
    }

    private void progressLoop() {
        while (System.nanoTime() < deadline + Duration.ofSeconds(60).toNanos()) {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                return;
            }
            printProgress();
        }
    }

    private void printProgress() {
        double at = (System.nanoTime() - started) / 1e9;
        for (DemoGroup g : groups) {
            Map<String, Double> sums = accuracySums(g.served.group());
            double scored = sums.get("streamcast.accuracy.scored");
            say(String.format("[%4.0fs] %sin=%d/%d%s forecasts=%d dlq=%d dup=%d model=%s%s live MASE model %.3f vs "
                            + "seasonal naive %.3f", at, groups.size() > 1 ? g.name + " " : "", g.replayer.sent(),
                    g.rows.size(), g.replayer.failed() == 0 ? "" : " (failed " + g.replayer.failed() + ")",
                    g.outputs.forecasts(), g.outputs.deadLetters(), duplicates(g), g.model(),
                    g.trainer.training() ? " (training)" : "",
                    scored == 0 ? Double.NaN : sums.get("streamcast.accuracy.scaled.error") / scored,
                    scored == 0 ? Double.NaN : sums.get("streamcast.accuracy.scaled.baseline.error") / scored));
        }
    }

    /** The group's accuracy counters summed over model versions: what it served, the model's or the baseline's. */
    private Map<String, Double> accuracySums(String group) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (String name : List.of("streamcast.accuracy.scored", "streamcast.accuracy.scaled.error",
                "streamcast.accuracy.scaled.baseline.error")) {
            sums.put(name, registry.find(name).tag("group", group).counters().stream().mapToDouble(Counter::count)
                    .sum());
        }
        return sums;
    }

    private synchronized void say(String line) {
        System.out.println(line);
    }
}
