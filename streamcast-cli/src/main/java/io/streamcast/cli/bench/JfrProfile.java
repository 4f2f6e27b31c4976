package io.streamcast.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
    private final Path file;

    private JfrProfile(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /** Starts a recording with the JDK's "profile" settings (execution samples every 10-20 ms per thread). */
    static JfrProfile start(Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Recording r = new Recording(Configuration.getConfiguration("profile"));
        r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        r.setToDisk(true);
        r.setDestination(file);
        r.start();
        return new JfrProfile(r, file);
    }

    @Override
    public void close() throws IOException {
        recording.stop();
        recording.close(); // writes the destination file
    }

    Path file() {
        return file;
    }

    /** What the samples of threads whose name contains {@code threadPart} say, as a summary map for the report. */
    static Map<String, Object> summarize(Path file, String threadPart, int top) throws IOException {
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
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file.toString());
        out.put("threads", threadPart);
        out.put("samples", samples);
        out.put("truncated_stacks", truncated);
        out.put("all_samples", all);
        out.put("by_thread", shares(threads, all, 12));
        out.put("components", shares(components, samples, 20));
        out.put("self", shares(self, samples, top));
        out.put("total", shares(total, samples, top));
        return out;
    }

    /** Prints a summary made by {@link #summarize}. */
    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> summary, PrintStream out) {
        out.printf("%nprofile of %s threads: %s samples (%s stacks cut at the JFR stack depth), %s%n",
                summary.get("threads"), summary.get("samples"), summary.get("truncated_stacks"), summary.get("file"));
        for (String part : List.of("by_thread", "components", "self", "total")) {
            out.printf("  %s%n", switch (part) {
                case "by_thread" -> "all " + summary.get("all_samples") + " Java samples of the JVM, by thread:";
                case "components" -> "by component (package of the topmost frame, grouped):";
                case "self" -> "by method, self (the sampled frame itself):";
                default -> "by method, total (on the stack):";
            });
            for (Map<String, Object> row : (List<Map<String, Object>>) summary.get(part)) {
                out.printf("    %5.1f %%  %s%n", (double) row.get("percent"), row.get("name"));
            }
        }
    }

    private static List<Map<String, Object>> shares(Map<String, Integer> counts, int samples, int top) {
        List<Map<String, Object>> rows = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", e.getKey());
                    row.put("samples", e.getValue());
                    row.put("percent", samples == 0 ? 0.0 : Math.round(1000.0 * e.getValue() / samples) / 10.0);
                    rows.add(row);
                });
        return rows;
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
