package io.streamcast.streams.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

/** What a health check reads from a running Kafka Streams client: its state, threads, tasks and lag metrics. */
final class KafkaStreamsHealthSource implements StreamsHealth.Source {
    private final KafkaStreams streams;
    private final LongSupplier processed;

    KafkaStreamsHealthSource(KafkaStreams streams, LongSupplier processed) {
        this.streams = streams;
        this.processed = processed;
    }

    @Override
    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public Map<String, String> threads() {
        Map<String, String> threads = new LinkedHashMap<>();
        for (ThreadMetadata t : streams.metadataForLocalThreads()) {
            threads.put(t.threadName(), t.threadState());
        }
        return threads;
    }

    @Override
    public double modelUpdatesLag() {
        return lag(client -> client.endsWith("global-consumer"));
    }

    @Override
    public double inputLag() {
        // the stream threads' main consumers: "<thread>-consumer", not the restore consumers
        return lag(client -> client.contains("StreamThread") && client.endsWith("-consumer")
                && !client.endsWith("restore-consumer"));
    }

    @Override
    public long processed() {
        return processed.getAsLong();
    }

    @Override
    public HealthReport.Tasks tasks() {
        TreeSet<String> active = new TreeSet<>();
        TreeSet<String> standby = new TreeSet<>();
        for (ThreadMetadata t : streams.metadataForLocalThreads()) {
            t.activeTasks().forEach(task -> active.add(task.taskId().toString()));
            t.standbyTasks().forEach(task -> standby.add(task.taskId().toString()));
        }
        return new HealthReport.Tasks(List.copyOf(active), List.copyOf(standby));
    }

    @Override
    public boolean hasActiveTasks() {
        return streams.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
    }

    /** The largest finite records-lag-max of the consumers whose client id matches, or -1 when none has one. */
    private double lag(Predicate<String> client) {
        double lag = -1;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.name().equals("records-lag-max") && client.test(n.tags().getOrDefault("client-id", ""))
                    && n.group().equals("consumer-fetch-manager-metrics") && !n.tags().containsKey("topic")) {
                Object v = e.getValue().metricValue();
                if (v instanceof Double d && Double.isFinite(d)) {
                    lag = Math.max(lag, d);
                }
            }
        }
        return lag;
    }
}
