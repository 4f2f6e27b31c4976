package io.streamcast.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder profile of one part of the bench (the forecasting topology's throughput run), and where
 * the stream threads spent their CPU samples: per method (self and total) and per component (the package of the
 * topmost frame: Kafka clients, RocksDB, streamcast's forecaster, Jackson, ...).
 *
 * <p>Why JFR rather than async-profiler: it ships with the JDK, so {@code --profile} works on any machine the bench
 * runs on. JFR samples Java stacks only; time in RocksDB's native code shows as the JNI method that called it.
 * Stacks are cut at 64 frames unless the JVM was started with {@code -XX:FlightRecorderOptions:stackdepth=256};
 * a cut stack still has its top (self) frames, so only "total" figures of the outermost frames suffer.
 */
final class JfrProfile implements AutoCloseable {
    private final Recording recording;

    private JfrProfile(Recording recording) {
        this.recording = recording;
    }

    /** Starts a recording with the JDK's "profile" settings (execution samples every 10-20 ms per thread). */
    static JfrProfile start(Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Recording r = new Recording(Configuration.getConfiguration("profile"));
        r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        r.setToDisk(true);
        r.setDestination(file);
        r.start();
        return new JfrProfile(r);
    }

    @Override
    public void close() throws IOException {
        recording.stop();
        recording.close(); // writes the destination file
    }

    /**
     * What the samples of threads whose name contains {@code threadPart} say (the report's {@code profile}).
     *
     * @param samples         samples of those threads
     * @param truncatedStacks of which cut at the JFR stack depth
     * @param allSamples      Java samples of every thread of the JVM
     * @param byThread        all samples by thread name (numbers and ids masked)
     * @param components      by component: the package of the topmost frame, grouped
     * @param self            by method, the sampled frame itself
     * @param total           by method, anywhere on the stack
     */
    record Summary(String file, String threads, int samples, int truncatedStacks, int allSamples,
                   List<Share> byThread, List<Share> components, List<Share> self, List<Share> total) {}

    /** One row of a {@link Summary}: a name's samples and their percentage of the part's samples. */
    record Share(String name, int samples, double percent) {}

    /** What the samples of threads whose name contains {@code threadPart} say. */
    static Summary summarize(Path file, String threadPart, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> components = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int all = 0;
        int samples = 0;
        int truncated = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            var thread = e.getThread("sampledThread");
            RecordedStackTrace stack = e.getStackTrace();
            if (thread == null || stack == null || thread.getJavaName() == null) {
                continue;
            }
            all++;
            threads.merge(threadGroup(thread.getJavaName()), 1, Integer::sum);
            if (!thread.getJavaName().contains(threadPart)) {
                continue;
            }
            samples++;
            if (stack.isTruncated()) {
                truncated++;
            }
            List<RecordedFrame> frames = stack.getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            self.merge(name(frames.get(0)), 1, Integer::sum);
            components.merge(component(frames), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (seen.add(n)) {
                    total.merge(n, 1, Integer::sum);
                }
            }
        }
        return new Summary(file.toString(), threadPart, samples, truncated, all, shares(threads, all, 12),
                shares(components, samples, 20), shares(self, samples, top), shares(total, samples, top));
    }

    /** Prints a summary made by {@link #summarize}. */
    static void print(Summary summary, PrintStream out) {
        out.printf("%nprofile of %s threads: %s samples (%s stacks cut at the JFR stack depth), %s%n",
                summary.threads(), summary.samples(), summary.truncatedStacks(), summary.file());
        part(out, "all " + summary.allSamples() + " Java samples of the JVM, by thread:", summary.byThread());
        part(out, "by component (package of the topmost frame, grouped):", summary.components());
        part(out, "by method, self (the sampled frame itself):", summary.self());
        part(out, "by method, total (on the stack):", summary.total());
    }

    private static void part(PrintStream out, String title, List<Share> rows) {
        out.printf("  %s%n", title);
        for (Share row : rows) {
            out.printf("    %5.1f %%  %s%n", row.percent(), row.name());
        }
    }

    /** The {@code top} largest counts, largest first. */
    private static List<Share> shares(Map<String, Integer> counts, int samples, int top) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .map(e -> new Share(e.getKey(), e.getValue(),
                        samples == 0 ? 0.0 : Math.round(1000.0 * e.getValue() / samples) / 10.0))
                .toList();
    }

    /** A thread's name without its numbers and ids, so e.g. all broker request handlers count together. */
    private static String threadGroup(String name) {
        return name.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("[0-9]+", "N");
    }

    private static String name(RecordedFrame f) {
        var m = f.getMethod();
        return m.getType().getName() + "." + m.getName();
    }

    /**
     * The component a sample belongs to: the first streamcast frame's class if a streamcast method is on top
     * (our own code), else the library of the topmost frame, attributed to the streamcast caller nearest the
     * top when there is one (e.g. Jackson called by the forecast codec counts as "forecast encoding").
     */
    private static String component(List<RecordedFrame> frames) {
        String topType = frames.get(0).getMethod().getType().getName();
        String library = library(topType);
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("io.streamcast.")) {
                String owner = type.substring("io.streamcast.".length());
                int dollar = owner.indexOf('$');
                owner = dollar < 0 ? owner : owner.substring(0, dollar);
                return library.equals("streamcast") ? owner : library + " under " + owner;
            }
        }
        return library;
    }

    private static String library(String type) {
        if (type.startsWith("io.streamcast.")) {
            return "streamcast";
        }
        if (type.startsWith("org.rocksdb.")) {
            return "RocksDB (JNI)";
        }
        if (type.startsWith("org.apache.kafka.streams.")) {
            return "Kafka Streams";
        }
        if (type.startsWith("org.apache.kafka.")) {
            return "Kafka clients";
        }
        if (type.startsWith("com.fasterxml.jackson.")) {
            return "Jackson";
        }
        if (type.startsWith("io.micrometer.")) {
            return "Micrometer";
        }
        if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
            return "JDK";
        }
        int dot = type.indexOf('.', type.indexOf('.') + 1);
        return dot < 0 ? type : type.substring(0, dot);
    }
}
