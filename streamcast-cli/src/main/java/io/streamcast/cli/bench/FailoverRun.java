package io.streamcast.cli.bench;

import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.kafka.client.KafkaOptions;
import io.streamcast.kafka.client.TopicOptions;
import io.streamcast.streams.topology.ForecastTopology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What a crashed instance costs a live forecast: two instances share the input's two partitions, one of them
 * streams-app in its own process, which is killed with SIGKILL in the middle of paced input. Reports the time from
 * the kill to the first forecast of new input on the partition it owned, and end-to-end latency around the kill
 * against the steady state before it; every record must still be forecast exactly once.
 */
final class FailoverRun {
    /** The consumers' session timeout in this run: how long the group waits for a member that stopped answering. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final Pattern HTTP_LINE = Pattern.compile("streams-app: http=(\\S+)");

    /**
     * @param killToFirstForecastS from the SIGKILL to the first forecast read of a record sent after it on the
     *                             killed instance's partition
     * @param p99SteadyMs          records sent after a warm-up fifth of the run until a second before the kill
     * @param p99RebalanceMs       records sent from a second before the kill until 5 s after that first forecast,
     *                             on both partitions
     */
    record Result(int rate, double sessionTimeoutS, double killToFirstForecastS, double p99SteadyMs,
                  double p99RebalanceMs, long expected, long lost, long duplicated) {}

    private final BenchDriver driver;
    private final BenchInput input;

    FailoverRun(BenchDriver driver, BenchInput input) {
        this.driver = driver;
        this.input = input;
    }

    Result run(int keys, int rate, int seconds, ModelBundle model) throws Exception {
        BenchDriver.Run run = driver.newRun("failover");
        Properties survivorProps = run.config().toStreamsProperties();
        survivorProps.putAll(sessionTimeout());
        int total = rate * seconds;
        Victim victim = null;
        try (PacedLedger ledger = new PacedLedger(driver, run);
             KafkaProducer<String, byte[]> producer = driver.producer(0);
             KafkaStreams survivor = new KafkaStreams(ForecastTopology.build(run.config()), survivorProps)) {
            producer.send(run.model(model)).get();
            survivor.start();
            victim = startVictim(run);
            awaitOneTaskEach(survivor, victim);
            int moved = 1 - survivorPartitions(survivor).iterator().next(); // the victim's, of two
            driver.say(String.format("bench: failover: %d records/s for %d s over %d keys, the instance owning "
                    + "partition %d killed with SIGKILL at %d s (session timeout %d s) ...", rate, seconds, keys,
                    moved, seconds * 2 / 5, SESSION_TIMEOUT.toSeconds()));
            long start = System.nanoTime();
            long killAt = start + seconds * 400_000_000L;
            long killed = 0;
            List<String> movedIds = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                long now = PacedLedger.parkUntil(start + (long) (i * 1e9 / rate));
                if (killed == 0 && now >= killAt) {
                    victim.process().destroyForcibly();
                    killed = System.nanoTime();
                }
                ProducerRecord<String, byte[]> rec = input.record(run.topics().observations(), i, keys, 0);
                String id = ledger.send(producer, rec);
                if (killed != 0 && partition(rec.key()) == moved) {
                    movedIds.add(id);
                }
            }
            producer.flush();
            ledger.awaitForecasts(total, Duration.ofSeconds(90));
            survivor.close(Duration.ofSeconds(30));
            ledger.close();
            long firstMoved = movedIds.stream().map(ledger::firstReadAt).filter(t -> t != null)
                    .mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
            long windowEnd = firstMoved == Long.MAX_VALUE ? Long.MAX_VALUE : firstMoved + 5_000_000_000L;
            List<Long> steady = new ArrayList<>();
            List<Long> rebalance = new ArrayList<>();
            long warm = start + seconds * 200_000_000L;
            // The killed instance's open transaction (its last ~100 ms of output) is aborted and processed again
            // after the takeover: records sent in the second before the kill belong to the rebalance, not the
            // steady state.
            long steadyEnd = killed - 1_000_000_000L;
            for (long[] l : ledger.latencies()) { // {sent, latency}
                if (l[0] >= warm && l[0] < steadyEnd) {
                    steady.add(l[1]);
                } else if (l[0] >= steadyEnd && l[0] < windowEnd) {
                    rebalance.add(l[1]);
                }
            }
            long expected = total - ledger.sendFailures();
            Result r = new Result(rate, SESSION_TIMEOUT.toSeconds(),
                    firstMoved == Long.MAX_VALUE ? Double.NaN : (firstMoved - killed) / 1e9,
                    PacedRun.Latencies.percentile(steady, 0.99), PacedRun.Latencies.percentile(rebalance, 0.99),
                    expected, expected - ledger.delivered(), ledger.duplicated());
            driver.say(String.format("bench: failover: first forecast of the moved partition %.1f s after the kill; "
                    + "p99 %.0f ms steady, %.0f ms around the kill; %d lost, %d duplicated",
                    r.killToFirstForecastS(), r.p99SteadyMs(), r.p99RebalanceMs(), r.lost(), r.duplicated()));
            driver.deleteTopics(run);
            return r;
        } finally {
            if (victim != null && victim.process().isAlive()) {
                victim.process().destroyForcibly();
            }
        }
    }

    /** Both instances' consumers: the session timeout of this run, heartbeats often enough for it. */
    private static Map<String, String> sessionTimeout() {
        return Map.of("main.consumer.session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()),
                "main.consumer.heartbeat.interval.ms", "1000");
    }

    /**
     * streams-app as its own JVM (this one's java and class path), in the run's application with its topics, model
     * key and shape, and the run's session timeout; returns once it serves HTTP.
     */
    private record Victim(Process process, String endpoint) {}

    private Victim startVictim(BenchDriver.Run run) throws Exception {
        Path log = Files.createTempFile(run.prefix() + "-victim-", ".log");
        var f = run.config().forecast();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.streamcast.cli.StreamcastCli", "streams-app", "--bootstrap", driver.bootstrap(),
                "--application-id", run.prefix(), "--state-dir", run.stateDir().resolve("victim").toString(),
                "--http-bind", "127.0.0.1", "--http-port", "0",
                "--horizon", Integer.toString(f.horizon()), "--window", Integer.toString(f.window()),
                "--season", Integer.toString(f.season()), "--coverage", Double.toString(f.coverage())));
        command.addAll(TopicOptions.arguments(run.topics()));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        b.environment().put(ModelTrust.KEY_ENV, BenchModels.KEY);
        sessionTimeout().forEach((k, v) -> b.environment().put(KafkaOptions.ENV_PREFIX
                + k.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), v));
        Process p = b.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (p.isAlive() && System.nanoTime() < deadline) {
            Optional<String> endpoint = Files.readAllLines(log).stream().map(HTTP_LINE::matcher)
                    .filter(Matcher::find).map(m -> m.group(1)).findFirst();
            if (endpoint.isPresent()) {
                return new Victim(p, endpoint.get());
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the failover run's second instance did not start; its output: " + log);
    }

    /**
     * Waits until the rebalance settled: the in-process instance runs one of the two partitions and the other
     * instance is ready (running, its thread too; it has the other partition then).
     */
    private static void awaitOneTaskEach(KafkaStreams survivor, Victim victim) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(victim.endpoint() + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!(survivor.state() == KafkaStreams.State.RUNNING && survivorPartitions(survivor).size() == 1
                && http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("failover run: the two instances did not share the partitions "
                        + "within 90 s (in-process instance: " + survivor.state() + ", partitions "
                        + survivorPartitions(survivor) + ")");
            }
            Thread.sleep(100);
        }
    }

    private static Set<Integer> survivorPartitions(KafkaStreams streams) {
        Set<Integer> partitions = new HashSet<>();
        streams.metadataForLocalThreads().forEach(t -> t.activeTasks().forEach(task -> partitions.add(
                task.taskId().partition())));
        return partitions;
    }

    /** The input partition of {@code key} (of two), as the producer's default partitioner puts it. */
    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 2;
    }
}
