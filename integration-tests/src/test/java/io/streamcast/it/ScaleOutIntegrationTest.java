package io.streamcast.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.replay.Replayer;
import io.streamcast.cli.stack.OutputFollower;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.kafka.client.TopicOptions;
import io.streamcast.streams.config.TopicSetup;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams as the distributed engine: streams-app instances as their own processes on one application and a
 * six-partition input, fed by a replay of ten series, while one instance is killed with SIGKILL, a fourth joins and
 * another is restarted as a rolling update does (SIGTERM, then started again on its state directory). Every record
 * still becomes exactly one forecast, a standby takes over the killed instance's tasks, and every live instance
 * answers for every series.
 */
class ScaleOutIntegrationTest extends OnKafkaCluster {
    private static final int PARTITIONS = 6;
    private static final int ROWS_PER_SERIES = 1_000;
    private static final String APP = "scale-app";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void threeInstancesSurviveAKillAJoinAndARollingRestartWithEveryRecordForecastOnceAndEveryInstanceAnswering()
            throws Exception {
        List<ReplayRecords.Row> rows = interleaved();
        Map<String, Long> lastTimestamp = new LinkedHashMap<>();
        rows.forEach(r -> lastTimestamp.put(r.series(), r.timestampMillis()));
        TopicNames topics = TopicNames.prefixed("scale");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            TopicSetup.ensure(admin, topics, PARTITIONS, (short) 1);
        }
        Set<Integer> fed = new TreeSet<>();
        lastTimestamp.keySet().forEach(s -> fed.add(partition(s)));
        assertThat(fed).as("partitions the ten series hash to").hasSizeGreaterThanOrEqualTo(5);

        Path clientConfig = Files.createTempFile("streamcast-scale-", ".properties");
        // A killed member leaves the group when its session times out (45 s by default): short for the test.
        // Kafka Streams counts an instance within acceptable.recovery.lag (10,000) changelog records of a task as
        // caught up and may give it the task; a changelog in production is far longer than this test's ~2,000
        // records per partition, so, as there, only a standby's copy is caught up.
        Files.writeString(clientConfig, "main.consumer.session.timeout.ms=6000\n"
                + "main.consumer.heartbeat.interval.ms=1000\n"
                + "acceptable.recovery.lag=100\n");
        Map<String, List<Long>> arrivals = new HashMap<>(); // series -> nanoTime each forecast was read
        List<String> forecastIds = new ArrayList<>();       // series@origin, in the order read
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, StreamsAppProcess> live = new LinkedHashMap<>();
        try (OutputFollower out = new OutputFollower(KafkaConnection.plaintext(cluster.bootstrapServers()), topics,
                "scale-reader", f -> {
                    synchronized (forecastIds) {
                        forecastIds.add(f.seriesId() + "@" + f.originMillis());
                        arrivals.computeIfAbsent(f.seriesId(), k -> new ArrayList<>()).add(System.nanoTime());
                    }
                }, deadLetter -> { }); // dead letters: read to the end below
             Replayer replayer = new Replayer(cluster.bootstrapServers(), topics.observations(), new Properties())) {
            for (String name : List.of("a", "b", "c")) {
                live.put(name, start(name, topics, clientConfig));
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> settled(http, live.values()));

            AtomicBoolean replayDone = new AtomicBoolean();
            Thread replay = new Thread(() -> {
                try {
                    replayer.send(rows, 0, rows.size(), 0, 400, () -> false, null); // ~25 s
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                replayDone.set(true);
            }, "scale-replay");
            replay.start();

            // 1. SIGKILL one instance mid-replay: its tasks go to the instances holding their standbys
            awaitForecasts(forecastIds, rows.size() / 5);
            Map<String, Tasks> before = new LinkedHashMap<>();
            for (var e : live.entrySet()) {
                before.put(e.getKey(), tasks(http, e.getValue()));
            }
            Set<String> killedTasks = before.get("a").active();
            assertThat(killedTasks).as("the killed instance's active tasks").isNotEmpty();
            long killedAt = System.nanoTime();
            live.remove("a").kill();
            // the assignment settled: every task active on exactly one live instance, each running and ready
            await().atMost(Duration.ofSeconds(60)).until(() -> settled(http, live.values()));
            double takeoverSeconds = (System.nanoTime() - killedAt) / 1e9;
            // Each killed task had a warm copy on a live instance. Kafka Streams' assignor made that copy the active
            // one in 6 of 9 runs here; in the others it balanced the load first and the task was restored on another
            // instance. ReplayIntegrationTest shows the takeover with two instances, where the standby is the only
            // other copy; here the count is reported.
            int toStandby = 0;
            Map<String, Tasks> takenOver = new LinkedHashMap<>();
            for (var e : live.entrySet()) {
                takenOver.put(e.getKey(), tasks(http, e.getValue()));
            }
            for (String task : killedTasks) {
                assertThat(before.values().stream().filter(t -> t.standby().contains(task))).as("standbys of %s "
                        + "before the kill: %s", task, before).hasSize(1);
                String owner = live.keySet().stream().filter(n -> tasks(http, live.get(n)).active().contains(task))
                        .findFirst().orElseThrow();
                toStandby += before.get(owner).standby().contains(task) ? 1 : 0;
            }

            // 2. a fourth instance joins
            awaitForecasts(forecastIds, rows.size() * 9 / 20);
            live.put("d", start("d", topics, clientConfig));

            // 3. a rolling restart of one: SIGTERM closes it and leaves the group, then it starts on its state
            awaitForecasts(forecastIds, rows.size() * 7 / 10);
            StreamsAppProcess b = live.remove("b");
            b.terminate(); // exit code 143, as any JVM ended by SIGTERM
            assertThat(b.output()).as("b closed before its JVM ended (%s)", b.log).contains("streams-app: stopped");
            live.put("b", start("b", topics, clientConfig));

            replay.join(120_000);
            assertThat(replayDone).isTrue();
            // every input offset committed: every forecast and dead letter of it is committed too
            CommittedOutput.awaitInputCommitted(cluster.bootstrapServers(), APP, topics.observations(),
                    Duration.ofSeconds(180));
            List<String> written = CommittedOutput.readToEnd(cluster.bootstrapServers(), topics.forecasts()).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8) + "@" + r.timestamp()).toList();

            // exactly one forecast per record, in each series' order; nothing dead-lettered (the input is clean)
            assertThat(CommittedOutput.readToEnd(cluster.bootstrapServers(), topics.deadLetters())).isEmpty();
            List<String> expected = rows.stream().map(r -> r.series() + "@" + r.timestampMillis()).toList();
            assertThat(written).hasSize(rows.size()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected);
            for (String series : lastTimestamp.keySet()) {
                assertThat(written.stream().filter(id -> id.startsWith(series + "@")).toList())
                        .as("forecasts of %s in order", series)
                        .isEqualTo(expected.stream().filter(id -> id.startsWith(series + "@")).toList());
            }

            // Every live instance answers for every series: its latest forecast, history and accuracy. While the
            // group rebalances (the restarted instance taking its tasks back) a store answers 503, as documented
            // (rest.md): each question is asked until it is answered, within a minute.
            await().atMost(Duration.ofSeconds(60)).until(() -> settled(http, live.values()));
            Map<String, Integer> answered = new LinkedHashMap<>();
            for (var e : live.entrySet()) {
                int n = 0;
                for (var s : lastTimestamp.entrySet()) {
                    String path = URLEncoder.encode(s.getKey(), StandardCharsets.UTF_8);
                    String last = Instant.ofEpochMilli(s.getValue()).toString();
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                        assertThat(getJson(http, e.getValue(), "/forecast/" + path).path("origin").asText())
                                .as("%s's forecast of %s", e.getKey(), s.getKey()).isEqualTo(last);
                        JsonNode history = getJson(http, e.getValue(), "/series/" + path + "/history").path("points");
                        assertThat(history.get(history.size() - 1).path("ts").asText()).isEqualTo(last);
                        assertThat(getJson(http, e.getValue(), "/series/" + path + "/accuracy").path("series")
                                .asText()).isEqualTo(s.getKey());
                    });
                    n++;
                }
                answered.put(e.getKey(), n);
            }
            Map<String, Tasks> after = new LinkedHashMap<>();
            for (var e : live.entrySet()) {
                after.put(e.getKey(), tasks(http, e.getValue()));
            }
            double longestGap;
            synchronized (forecastIds) {
                longestGap = longestGapAfter(arrivals, killedAt, movedSeries(killedTasks, lastTimestamp));
            }
            System.out.printf("scale-out: %d records over %d series and %d partitions; %d forecasts, 0 duplicated, "
                            + "%d dead letters; killed a (active %s): the assignment settled %.1f s later (session "
                            + "timeout 6 s), %d of its tasks where their standby was (tasks before %s, after %s), "
                            + "longest gap in a moved series' forecasts %.1f s; queries answered per instance %s; "
                            + "tasks at the end %s%n",
                    rows.size(), lastTimestamp.size(), PARTITIONS, written.size(), 0, killedTasks,
                    takeoverSeconds, toStandby, before, takenOver, longestGap,
                    answered, after);
        } finally {
            for (StreamsAppProcess p : live.values()) {
                p.close();
            }
        }
    }

    /** The first rows of five NAB series and five stock series, one row of each in turn. */
    private static List<ReplayRecords.Row> interleaved() throws Exception {
        List<List<ReplayRecords.Row>> series = new ArrayList<>();
        for (String f : List.of("ec2_cpu_utilization_24ae8d.csv", "rds_cpu_utilization_cc0c53.csv",
                "elb_request_count_8c0756.csv", "ambient_temperature_system_failure.csv", "nyc_taxi.csv")) {
            series.add(ReplayRecords.read(List.of(DATA.resolve(f))).subList(0, ROWS_PER_SERIES));
        }
        Map<String, List<ReplayRecords.Row>> stocks = new LinkedHashMap<>();
        for (ReplayRecords.Row r : ReplayRecords.read(List.of(DATA.resolve("../stocks/stocks_daily_long.csv")))) {
            stocks.computeIfAbsent(r.series(), k -> new ArrayList<>()).add(r);
        }
        stocks.values().forEach(rows -> series.add(rows.subList(0, ROWS_PER_SERIES)));
        List<ReplayRecords.Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS_PER_SERIES; i++) {
            for (List<ReplayRecords.Row> s : series) {
                assertThat(s.get(i).valid()).isTrue();
                rows.add(s.get(i));
            }
        }
        return rows;
    }

    private static StreamsAppProcess start(String name, TopicNames topics, Path clientConfig) throws Exception {
        Path stateDir = Path.of(System.getProperty("java.io.tmpdir"), "streamcast-scale-" + ProcessHandle.current()
                .pid(), name); // the same directory when the instance starts again
        Files.createDirectories(stateDir);
        List<String> args = new ArrayList<>(List.of("--bootstrap", cluster.bootstrapServers(),
                "--application-id", APP, "--state-dir", stateDir.toString(), "--config", clientConfig.toString(),
                "--horizon", "12", "--window", "48", "--season", "1"));
        args.addAll(TopicOptions.arguments(topics));
        return StreamsAppProcess.start("scale-" + name, args);
    }

    /** An instance's tasks as its /health says. */
    private record Tasks(Set<String> active, Set<String> standby) {}

    private static Tasks tasks(HttpClient http, StreamsAppProcess p) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://" + p.endpoint()
                    + "/health")).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode tasks = JSON.readTree(r.body()).path("tasks");
            Set<String> active = new TreeSet<>();
            Set<String> standby = new TreeSet<>();
            tasks.path("active").forEach(t -> active.add(t.asText()));
            tasks.path("standby").forEach(t -> standby.add(t.asText()));
            return new Tasks(active, standby);
        } catch (Exception e) {
            throw new IllegalStateException(p.name + "'s /health", e);
        }
    }

    /** Every partition's task is active on exactly one of {@code instances}, and each of them is ready. */
    private static boolean settled(HttpClient http, Iterable<StreamsAppProcess> instances) throws Exception {
        List<String> active = new ArrayList<>();
        for (StreamsAppProcess p : instances) {
            HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create("http://" + p.endpoint()
                    + "/health/ready")).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding());
            if (ready.statusCode() != 200) {
                return false;
            }
            active.addAll(tasks(http, p).active());
        }
        return active.size() == PARTITIONS && new HashSet<>(active).size() == PARTITIONS;
    }

    private static JsonNode getJson(HttpClient http, StreamsAppProcess p, String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://" + p.endpoint() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("%s %s: %s", p.name, path, new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static int partition(String series) {
        return Utils.toPositive(Utils.murmur2(series.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** The series on the partitions of {@code tasks} (ids "subtopology_partition"). */
    private static Set<String> movedSeries(Set<String> tasks, Map<String, Long> series) {
        Set<Integer> partitions = new HashSet<>();
        tasks.forEach(t -> partitions.add(Integer.parseInt(t.substring(t.indexOf('_') + 1))));
        Set<String> moved = new TreeSet<>();
        series.keySet().stream().filter(s -> partitions.contains(partition(s))).forEach(moved::add);
        return moved;
    }

    /** The longest time between two forecasts read for any of {@code series} in the minute after {@code from}. */
    private static double longestGapAfter(Map<String, List<Long>> arrivals, long from, Set<String> series) {
        double longest = Double.NaN;
        for (String s : series) {
            long previous = from;
            for (long t : arrivals.getOrDefault(s, List.of())) {
                if (t > from && t < from + 60_000_000_000L) {
                    double gap = (t - previous) / 1e9;
                    longest = Double.isNaN(longest) ? gap : Math.max(longest, gap);
                    previous = t;
                }
            }
        }
        return longest;
    }

    private static void awaitForecasts(List<String> forecastIds, int n) {
        await().atMost(Duration.ofSeconds(120)).until(() -> size(forecastIds) >= n);
    }

    private static int size(List<?> list) {
        synchronized (list) {
            return list.size();
        }
    }
}
