package io.streamcast.cli.bench;

import io.streamcast.core.model.ModelBundle;
import io.streamcast.streams.topology.ForecastTopology;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The forecasting topology's throughput on one stream thread, on two threads of one instance, and on two instances
 * of one thread each (two Kafka Streams clients in this JVM, each with its own consumers, producer and state
 * directory, sharing the input's two partitions), with the CPU each run used: where the machine's cores go
 * decides how far a second thread can go.
 */
final class ParallelRun {
    /** How a run spreads the input's partitions. */
    enum Layout {
        ONE_THREAD(1, 1), TWO_THREADS(2, 1), TWO_INSTANCES(1, 2);

        final int threads;
        final int instances;

        Layout(int threads, int instances) {
            this.threads = threads;
            this.instances = instances;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One run.
     *
     * @param processCores      CPU time of the whole JVM (the application, the embedded broker, the bench's
     *                          producer and reader) over the run's wall time, in cores
     * @param streamThreadCores the same for the run's stream threads alone
     */
    record Result(Layout layout, long records, double rps, double processCores, double streamThreadCores) {}

    private final BenchDriver driver;
    private final BenchInput input;
    private final ModelBundle model;

    ParallelRun(BenchDriver driver, BenchInput input, ModelBundle model) {
        this.driver = driver;
        this.input = input;
        this.model = model;
    }

    /** Each layout twice, in the order A B C C B A (see {@link ThroughputRun#timed} for why). */
    List<Result> timed(int keys, int records) throws Exception {
        List<Layout> order = new ArrayList<>(List.of(Layout.values()));
        List<Layout> back = new ArrayList<>(order);
        Collections.reverse(back);
        order.addAll(back);
        List<Result> runs = new ArrayList<>();
        for (Layout layout : order) {
            runs.add(run(layout, keys, records));
        }
        return runs;
    }

    Result run(Layout layout, int keys, int records) throws Exception {
        BenchDriver.Run run = driver.newRun(layout.label().replace('_', '-'));
        driver.appendTimeOn(run.topics().forecasts());
        try (Preload load = driver.preload(layout.label())) {
            load.sendNow(run.model(model));
            for (int i = 0; i < records; i++) {
                load.send(input.record(run.topics().observations(), i, keys, 0));
            }
        }
        driver.say(String.format("bench: %s (%d thread(s) x %d instance(s)), %d records over %d keys ...",
                layout.label(), layout.threads, layout.instances, records, keys));
        List<KafkaStreams> apps = new ArrayList<>();
        CpuClock cpu = new CpuClock(run.prefix());
        double seconds;
        try (OutputCounter out = new OutputCounter(driver, run)) {
            for (int i = 0; i < layout.instances; i++) {
                Properties p = run.config().withStateDir(run.stateDir().resolve("instance-" + i)).toStreamsProperties();
                p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(layout.threads));
                apps.add(new KafkaStreams(ForecastTopology.build(run.config()), p));
            }
            cpu.start();
            apps.forEach(KafkaStreams::start);
            driver.awaitOutputs(layout.label(), run, apps.get(0), out, records, () -> false);
            cpu.stop();
            seconds = out.seconds();
        } finally {
            for (KafkaStreams app : apps) {
                app.close(Duration.ofSeconds(30));
            }
        }
        driver.deleteTopics(run);
        Result r = new Result(layout, records, (records - 1) / seconds, cpu.processCores(), cpu.streamThreadCores());
        driver.say(String.format("bench: %s: %.0f records/s, the JVM using %.2f cores, its stream threads %.2f",
                layout.label(), r.rps(), r.processCores(), r.streamThreadCores()));
        return r;
    }

    /** The mean records per second of {@code layout}'s runs. */
    static double meanRps(List<Result> runs, Layout layout) {
        return runs.stream().filter(r -> r.layout() == layout).mapToDouble(Result::rps).average().orElseThrow();
    }

    /**
     * CPU time of this JVM and of one run's stream threads (named after its application id), between {@link #start}
     * and {@link #stop}, in cores: CPU nanoseconds per wall nanosecond.
     */
    private static final class CpuClock {
        private final String prefix;
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private long wallStart;
        private long processStart;
        private double processCores;
        private double streamThreadCores;

        CpuClock(String prefix) {
            this.prefix = prefix;
        }

        void start() {
            wallStart = System.nanoTime();
            processStart = os.getProcessCpuTime();
        }

        void stop() {
            double wall = System.nanoTime() - wallStart;
            processCores = (os.getProcessCpuTime() - processStart) / wall;
            long streamThreadNanos = 0; // the run's stream threads began after start(): all their time is the run's
            for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t != null && t.getThreadName().startsWith(prefix) && t.getThreadName().contains("StreamThread")) {
                    streamThreadNanos += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
                }
            }
            streamThreadCores = streamThreadNanos / wall;
        }

        double processCores() {
            return processCores;
        }

        double streamThreadCores() {
            return streamThreadCores;
        }
    }
}
