package io.streamcast.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.stack.LocalStack;
import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.core.testing.TestModels;
import io.streamcast.core.testing.TestObservations;
import io.streamcast.http.TestKeystores;
import io.streamcast.http.TlsSettings;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.run.StreamsApp;
import io.streamcast.streams.topology.ForecastTopology;
import io.streamcast.trainer.service.DecisionRecord;
import io.streamcast.trainer.service.ModelAdmin;
import io.streamcast.trainer.service.TrainerConfig;
import io.streamcast.trainer.service.TrainerService;
import io.streamcast.trainer.training.TrainerSettings;
import java.net.URI;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays of real data through streams-app on a real broker (embedded KRaft here; a container where Docker is). */
class ReplayIntegrationTest extends OnKafkaCluster {
    private static final ForecastSettings FIVE_MINUTES = ForecastSettings.builder().horizon(12).window(48).season(1)
            .defaultStep(Duration.ofMinutes(5)).build();

    private static Map<String, List<Forecast>> byKey(List<Forecast> forecasts) {
        Map<String, List<Forecast>> map = new HashMap<>();
        synchronized (forecasts) {
            for (Forecast f : forecasts) {
                map.computeIfAbsent(f.seriesId(), k -> new ArrayList<>()).add(f);
            }
        }
        return map;
    }

    /** Per key, forecasts are exactly one per input event time, in order: none lost, none duplicated. */
    private static void assertContiguous(Map<String, List<Forecast>> byKey, List<ReplayRecords.Row> rows) {
        Map<String, List<Long>> expected = rows.stream().filter(ReplayRecords.Row::valid).collect(
                Collectors.groupingBy(ReplayRecords.Row::series, Collectors.mapping(ReplayRecords.Row::timestampMillis,
                        Collectors.toList())));
        assertThat(byKey.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, times) -> assertThat(byKey.get(key)).extracting(Forecast::originMillis)
                .as("forecast origins of %s", key).containsExactlyElementsOf(times));
    }

    @Test
    void everyValidRecordGetsOneForecastAndEveryBadLineIsDeadLetteredWithItsReason() throws Exception {
        List<ReplayRecords.Row> rows = ReplayRecords.read(List.of(DATA.resolve("ec2_cpu_utilization_24ae8d.csv"),
                Path.of("src/test/resources/malformed.csv")));
        long valid = rows.stream().filter(ReplayRecords.Row::valid).count();
        assertThat(valid).isEqualTo(4032);
        try (LiveStack stack = new LiveStack(cluster, "replay", FIVE_MINUTES)) {
            stack.replay(rows, 0, rows.size());
            await().atMost(Duration.ofSeconds(90)).until(() -> stack.forecasts.size() + stack.deadLetters.size()
                    + (long) stack.counter("streamcast.duplicates") >= rows.size());
            stack.awaitSettled(Duration.ofSeconds(60));
            assertThat(stack.forecasts).hasSize((int) valid);
            assertThat(stack.counter("streamcast.duplicates")).isZero();
            assertContiguous(byKey(stack.forecasts), rows);
            Map<String, Long> reasons = stack.deadLetters.stream().collect(Collectors.groupingBy(
                    r -> LiveStack.header(r, "reason"), Collectors.counting()));
            assertThat(reasons).isEqualTo(Map.of("bad-value", 1L, "bad-timestamp", 1L, "not-json", 1L,
                    "non-finite", 2L));
            assertThat(stack.deadLetters).allSatisfy(r -> {
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("bad-series");
                assertThat(LiveStack.header(r, "source.topic")).isEqualTo("replay-observations");
                assertThat(LiveStack.header(r, "source.offset")).isNotNull();
            });
            assertThat(stack.counter("streamcast.observations.in")).isEqualTo(rows.size());
        }
    }

    @Test
    void aModelPublishedMidReplaySwitchesVersionsWithoutLosingOrDuplicatingAForecast() throws Exception {
        List<ReplayRecords.Row> rows = ReplayRecords.read(List.of(DATA.resolve("ec2_cpu_utilization_24ae8d.csv"),
                DATA.resolve("rds_cpu_utilization_cc0c53.csv")));
        try (LiveStack stack = new LiveStack(cluster, "swap", FIVE_MINUTES)) {
            int half = rows.size() / 2;
            stack.replay(rows, 0, half);
            ModelBundle v1 = LiveStack.TRUST.sign(TestModels.bundle(FIVE_MINUTES, "it-v1", 3));
            Properties p = new Properties();
            p.put("bootstrap.servers", cluster.bootstrapServers());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(stack.topics.modelUpdates(), "streamcast-lstm", v1.toBytes())).get();
            }
            stack.awaitModel("it-v1");
            stack.replay(rows, half, rows.size());
            stack.awaitForecasts(rows.size(), Duration.ofSeconds(90));
            stack.awaitSettled(Duration.ofSeconds(60));
            Map<String, List<Forecast>> byKey = byKey(stack.forecasts);
            assertContiguous(byKey, rows);
            byKey.forEach((key, fs) -> {
                List<String> versions = new ArrayList<>(new LinkedHashSet<>(fs.stream().map(Forecast::modelVersion).toList()));
                assertThat(versions).as("versions of %s in order", key).containsExactly("baseline", "it-v1");
                assertThat(fs.get(fs.size() - 1).modelVersion()).isEqualTo("it-v1");
            });
            assertThat(stack.counter("streamcast.keys.primed")).isGreaterThanOrEqualTo(2);
        }
    }

    private static TrainerConfig trainerConfig(LiveStack stack, String prefix, ForecastSettings settings) {
        return new TrainerConfig(cluster.bootstrapServers(), stack.topics, "streamcast-lstm", settings,
                TrainerSettings.defaults().withMaxTrainTime(Duration.ofSeconds(15)).withValidationPoints(96),
                100_000, Duration.ofHours(1), 1, 5_000, 100, Map.of(), LiveStack.TRUST);
    }

    @Test
    void rollbackRepublishesAnArchivedBundleAndStreamsAppSwapsBack() throws Exception {
        List<ReplayRecords.Row> rows = ReplayRecords.read(List.of(DATA.resolve("ec2_cpu_utilization_24ae8d.csv")));
        try (LiveStack stack = new LiveStack(cluster, "rollback", FIVE_MINUTES);
             TrainerService trainer = new TrainerService(trainerConfig(stack, "rollback", FIVE_MINUTES), line -> { })) {
            trainer.prepare();
            ModelAdmin admin = new ModelAdmin(trainerConfig(stack, "rollback", FIVE_MINUTES));
            // each publish waits for the rows before it to be served, and for the swap before the rows after it
            stack.replayAndAwait(rows, 0, 1000);
            trainer.publish(TestModels.bundle(FIVE_MINUTES, "rb-v1", 1));
            stack.awaitModel("rb-v1");
            stack.replayAndAwait(rows, 1000, 2000);
            trainer.publish(TestModels.bundle(FIVE_MINUTES, "rb-v2", 2));
            stack.awaitModel("rb-v2");
            stack.replayAndAwait(rows, 2000, 3000);
            assertThat(admin.list()).extracting(e -> e.metadata().version()).containsExactly("rb-v1", "rb-v2");
            assertThat(admin.list().get(1).current()).isTrue();

            ModelBundle rolledBack = admin.rollback("rb-v1");
            assertThat(rolledBack.metadata().rollbackOf()).isEqualTo("rb-v2");
            assertThat(admin.currentVersion()).isEqualTo("rb-v1");
            stack.awaitModel("rb-v1");
            stack.replay(rows, 3000, rows.size());
            stack.awaitForecasts(rows.size(), Duration.ofSeconds(90));
            stack.awaitSettled(Duration.ofSeconds(60));
            List<Forecast> all = new ArrayList<>(stack.forecasts);
            assertContiguous(byKey(all), rows);
            List<String> switches = new ArrayList<>();
            for (Forecast f : all) {
                if (switches.isEmpty() || !switches.get(switches.size() - 1).equals(f.modelVersion())) {
                    switches.add(f.modelVersion());
                }
            }
            assertThat(switches).containsExactly("baseline", "rb-v1", "rb-v2", "rb-v1");
        }
    }

    /**
     * A rollback published from a host whose clock runs a day ahead: the trainer reads the served champion and its
     * sequence before each round, so its next round is gated against the rolled-back model and its next bundle is
     * not refused as stale.
     */
    @Test
    void aRollbackFromAClockThatRunsAheadIsTheNextRoundsChampionAndTheTrainersNextBundleIsServed() throws Exception {
        List<ReplayRecords.Row> rows = ReplayRecords.read(List.of(DATA.resolve("ec2_cpu_utilization_24ae8d.csv")))
                .subList(0, 600);
        TrainerConfig config;
        try (LiveStack stack = new LiveStack(cluster, "skew", FIVE_MINUTES);
             TrainerService trainer = new TrainerService(trainerConfig(stack, "skew", FIVE_MINUTES), line -> { });
             var producer = new KafkaProducer<>(Map.<String, Object>of(
                     "bootstrap.servers", cluster.bootstrapServers()), new StringSerializer(),
                     new ByteArraySerializer())) {
            config = trainer.config();
            trainer.prepare();
            stack.replayAndAwait(rows, 0, 200);
            trainer.publish(TestModels.bundle(FIVE_MINUTES, "skew-v1", 1));
            stack.awaitModel("skew-v1");

            ModelBundle v0 = TestModels.bundle(FIVE_MINUTES, "skew-rollback", 2);
            long dayAhead = System.currentTimeMillis() + Duration.ofDays(1).toMillis();
            byte[] rollback = LiveStack.TRUST.sign(ModelBundle.create(v0.metadata().withSequence(dayAhead),
                    v0.weights())).toBytes();
            producer.send(new ProducerRecord<>(config.topics().modelUpdates(), config.modelName(), rollback)).get();
            stack.awaitModel("skew-rollback");

            // the trainer has read no history, so the round only decides (too little data) and records its champion
            DecisionRecord decision = trainer.trainAndPublish();
            assertThat(decision.championVersion()).isEqualTo("skew-rollback");

            trainer.publish(TestModels.bundle(FIVE_MINUTES, "skew-v2", 3));
            stack.awaitModel("skew-v2"); // its sequence continues above the rollback's
            stack.replayAndAwait(rows, 200, rows.size());
            assertThat(stack.forecasts.get(stack.forecasts.size() - 1).modelVersion()).isEqualTo("skew-v2");
        }
    }

    /**
     * A key produced with another partitioner than Kafka's murmur2 (librdkafka's default is CRC32) lands in a
     * partition the metadata does not compute for it: both instances must still answer for it.
     */
    @Test
    void aKeyInAnotherPartitionThanMurmur2SaysIsStillAnsweredByEveryInstance() throws Exception {
        try (LiveStack stack = new LiveStack(cluster, "crc", FIVE_MINUTES);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                     cluster.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            LocalStack.Instance a = stack.instances.get(0);
            LocalStack.Instance b = stack.startInstance();
            await().atMost(Duration.ofSeconds(60)).until(() -> a.app().state() == KafkaStreams.State.RUNNING
                    && b.app().state() == KafkaStreams.State.RUNNING
                    && a.app().streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty())
                    && b.app().streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty()));
            String key = "crc-series";
            byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
            int murmur = Utils.toPositive(
                    Utils.murmur2(keyBytes)) % 2;
            long t0 = Instant.parse("2014-07-01T00:00:00Z").toEpochMilli();
            for (int i = 0; i < 5; i++) {
                long ts = t0 + i * 300_000L;
                producer.send(new ProducerRecord<>(stack.topics.observations(), 1 - murmur, ts, keyBytes,
                        TestObservations.json(ts, 10 + i))).get();
            }
            stack.awaitForecasts(5, Duration.ofSeconds(60));
            HttpClient client = HttpClient.newHttpClient();
            for (LocalStack.Instance asked : List.of(a, b)) {
                for (String path : List.of("/forecast/" + key, "/series/" + key + "/history",
                        "/series/" + key + "/accuracy")) {
                    assertThat(get(client, asked.url(path)).statusCode()).as("%s asked %s", path, asked.url(""))
                            .isEqualTo(200);
                }
            }
            assertThat(get(client, a.url("/forecast/no-such-series")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theTrainerRefusesANonCompactedModelTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("plain-model-updates", 1, (short) 1))).all().get();
        }
        TrainerConfig config = new TrainerConfig(cluster.bootstrapServers(), TopicNames.prefixed("plain"),
                "streamcast-lstm", FIVE_MINUTES,
                TrainerSettings.defaults(), 1000, Duration.ofHours(1), 1, 100, 10, Map.of(), ModelTrust.none());
        try (TrainerService trainer = new TrainerService(config, line -> { })) {
            assertThatThrownBy(trainer::prepare).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("plain-model-updates").hasMessageContaining("cleanup.policy=compact");
        }
    }

    @Test
    void theTrainerPublishesAModelThatStreamsAppSwapsIn() throws Exception {
        ForecastSettings halfHourly = ForecastSettings.builder().horizon(12).window(48).season(48)
                .defaultStep(Duration.ofMinutes(30)).build();
        List<ReplayRecords.Row> rows = ReplayRecords.read(List.of(DATA.resolve("nyc_taxi.csv"))).subList(0, 4000);
        try (LiveStack stack = new LiveStack(cluster, "trainer", halfHourly)) {
            stack.replay(rows, 0, 3000);
            TrainerConfig config = trainerConfig(stack, "trainer", halfHourly);
            DecisionRecord decision;
            String version;
            SimpleMeterRegistry trainerMeters = new SimpleMeterRegistry();
            try (TrainerService trainer = new TrainerService(config, line -> { }, trainerMeters)) {
                decision = trainer.runOnce();
                assertThat(decision.decision()).as(String.valueOf(decision)).isEqualTo("promote");
                version = trainer.champion().version();
            }
            // the trainer's meters tell the same story as its decision record
            assertThat(trainerMeters.get("streamcast.trainer.decisions").tag("outcome", "promote").counter().count())
                    .isEqualTo(1);
            assertThat(trainerMeters.get("streamcast.trainer.training").timer().count()).isEqualTo(1);
            assertThat(trainerMeters.get("streamcast.trainer.history.points").gauge().value()).isEqualTo(3000);
            assertThat(trainerMeters.get("streamcast.trainer.backtest.mase").tag("forecaster", "candidate").gauge()
                    .value()).isEqualTo(decision.candidate().model().mase());
            stack.awaitModel(version);
            stack.replay(rows, 3000, rows.size());
            stack.awaitForecasts(rows.size(), Duration.ofSeconds(90));
            stack.awaitSettled(Duration.ofSeconds(60));
            List<Forecast> all = new ArrayList<>(stack.forecasts);
            assertContiguous(byKey(all), rows);
            assertThat(all.get(all.size() - 1).modelVersion()).isEqualTo(version);
            assertThat(all.get(0).modelVersion()).isEqualTo("baseline");
            // streams-app's meters: the version it serves, and accuracy per horizon step for both versions' forecasts
            assertThat(stack.meters.get("streamcast.model.serving").tag("version", version).gauge().value()).isEqualTo(1);
            assertThat(stack.meters.get("streamcast.model.serving").tag("version", "baseline").gauge().value()).isZero();
            assertThat(stack.meters.get("streamcast.accuracy.step.scored").tag("step", "1").counter().count())
                    .isGreaterThan(3000);
            assertThat(stack.meters.get("streamcast.accuracy.step.scaled.error").tag("step", "12").counter().count())
                    .isPositive();
        }
    }

    @Test
    void aSecondInstanceJoinsMidReplayEveryKeyStaysContiguousAndEitherInstanceAnswersForEveryKey() throws Exception {
        // keys on both partitions of two: ambient_temperature_system_failure hashes to 0, the ec2 series to 1
        List<ReplayRecords.Row> rows = ReplayRecords.read(List.of(DATA.resolve("ec2_cpu_utilization_24ae8d.csv"),
                DATA.resolve("ambient_temperature_system_failure.csv")));
        try (LiveStack stack = new LiveStack(cluster, "pair", FIVE_MINUTES)) {
            LocalStack.Instance a = stack.instances.get(0);
            int third = rows.size() / 3;
            stack.replay(rows, 0, third);
            LocalStack.Instance b = stack.startInstance();
            stack.replay(rows, third, rows.size());
            stack.awaitForecasts(rows.size(), Duration.ofSeconds(120));
            stack.awaitSettled(Duration.ofSeconds(60));
            Map<String, List<Forecast>> byKey = byKey(stack.forecasts);
            assertContiguous(byKey, rows);
            await().atMost(Duration.ofSeconds(60)).until(() -> a.app().state() == KafkaStreams.State.RUNNING
                    && b.app().state() == KafkaStreams.State.RUNNING);

            // both instances own partitions, so some keys live in the other instance's store
            Set<String> ownedByB = new HashSet<>();
            for (String key : byKey.keySet()) {
                KeyQueryMetadata owner = a.app().streams().queryMetadataForKey(ForecastTopology.STATE_STORE, key,
                        Serdes.String().serializer());
                if (owner.activeHost().port() == b.http().port()) {
                    ownedByB.add(key);
                }
            }
            assertThat(ownedByB).as("keys owned by the second instance").isNotEmpty()
                    .hasSizeLessThan(byKey.size());

            HttpClient client = HttpClient.newHttpClient();
            ForecastCodec codec = new ForecastCodec();
            for (String key : byKey.keySet()) {
                List<Forecast> emitted = byKey.get(key);
                for (LocalStack.Instance asked : List.of(a, b)) {
                    HttpResponse<byte[]> r = get(client, asked.url("/forecast/" + key));
                    assertThat(r.statusCode()).as("%s asked %s", key, asked.url("")).isEqualTo(200);
                    // the REST answer is the key's last emitted forecast, recomputed from its stored state
                    StoredPrecision.assertSameForecast(codec.decode(r.body()), emitted.get(emitted.size() - 1));
                    HttpResponse<byte[]> acc = get(client, asked.url("/series/" + key + "/accuracy"));
                    assertThat(acc.statusCode()).isEqualTo(200);
                    assertThat(new String(acc.body(), StandardCharsets.UTF_8)).contains("\"series\":\"" + key + "\"");
                }
            }
            assertThat(get(client, a.url("/forecast/no-such-series")).statusCode()).isEqualTo(404);
            assertThat(get(client, b.url("/forecast/")).statusCode()).isEqualTo(400);
            assertThat(get(client, a.url("/health")).statusCode()).isEqualTo(200);
            // the instances need the token (forwarded queries above carried it), also for the detailed /health;
            // the probes need none and say the status only
            String owned = ownedByB.iterator().next();
            for (String path : List.of("/health", "/forecast/" + owned, "/series", "/series/" + owned + "/history",
                    "/metrics", "/groups")) {
                assertThat(getWithoutToken(client, b.url(path)).statusCode()).as(path).isEqualTo(401);
            }
            for (String probe : List.of("/health/live", "/health/ready")) {
                HttpResponse<byte[]> answer = getWithoutToken(client, a.url(probe));
                assertThat(answer.statusCode()).as(probe).isEqualTo(200);
                assertThat(new String(answer.body(), StandardCharsets.UTF_8)).as(probe)
                        .isEqualTo("{\"status\":\"UP\",\"live\":true,\"ready\":true}");
            }

            // GET /series: either instance lists every key (its own and the other's), sorted; ?local=true only its own
            List<String> allKeys = byKey.keySet().stream().sorted().toList();
            for (LocalStack.Instance asked : List.of(a, b)) {
                JsonNode list = json(get(client, asked.url("/series")));
                assertThat(texts(list.get("series"))).as("/series asked %s", asked.url("")).isEqualTo(allKeys);
                assertThat(list.get("truncated").asBoolean()).isFalse();
                assertThat(list.get("unreachable")).isEmpty();
            }
            assertThat(texts(json(get(client, b.url("/series?local=true"))).get("series")))
                    .containsExactlyInAnyOrderElementsOf(ownedByB);
            assertThat(texts(json(get(client, a.url("/series?local=true"))).get("series")))
                    .containsExactlyInAnyOrderElementsOf(allKeys.stream().filter(k -> !ownedByB.contains(k)).toList());

            // GET /series/{series}/history: the key's window, ending at its last observation, one step apart
            Map<String, ReplayRecords.Row> lastRow = new HashMap<>();
            rows.stream().filter(ReplayRecords.Row::valid).forEach(r -> lastRow.put(r.series(), r));
            for (String key : allKeys) {
                for (LocalStack.Instance asked : List.of(a, b)) {
                    HttpResponse<byte[]> r = get(client, asked.url("/series/" + key + "/history"));
                    assertThat(r.statusCode()).as("%s history asked %s", key, asked.url("")).isEqualTo(200);
                    JsonNode history = MAPPER.readTree(r.body());
                    assertThat(history.get("series").asText()).isEqualTo(key);
                    long step = history.get("step_ms").asLong();
                    JsonNode points = history.get("points");
                    assertThat(points.size()).isBetween(2, FIVE_MINUTES.window());
                    for (int i = 1; i < points.size(); i++) {
                        assertThat(Instant.parse(points.get(i).get("ts").asText()).toEpochMilli()
                                - Instant.parse(points.get(i - 1).get("ts").asText()).toEpochMilli()).isEqualTo(step);
                    }
                    JsonNode newest = points.get(points.size() - 1);
                    List<Forecast> emitted = byKey.get(key);
                    assertThat(Instant.parse(newest.get("ts").asText()).toEpochMilli())
                            .isEqualTo(emitted.get(emitted.size() - 1).originMillis())
                            .isEqualTo(lastRow.get(key).timestampMillis());
                    float observed = (float) MAPPER.readTree(lastRow.get(key).value()).get("value").asDouble();
                    // stored to 1/2048 of the key's scale (docs/state.md): its typical step here is ~1
                    assertThat((float) newest.get("value").asDouble())
                            .isCloseTo(observed, within(1e-3f * Math.max(1f, Math.abs(observed))));
                }
            }
            assertThat(get(client, b.url("/series/no-such-series/history")).statusCode()).isEqualTo(404);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A GET with the instances' bearer token. */
    @Test
    void twoInstancesOverHttpsAnswerForEachOthersKeysAndRefusePlainHttp(@TempDir Path dir) throws Exception {
        // one certificate for both instances (they advertise 127.0.0.1:<port>), as a deployment shares one or its CA
        TlsSettings tls = TlsSettings.load(TestKeystores.selfSigned(dir, "instances", "streams-app",
                "dns:localhost,ip:127.0.0.1"), TestKeystores.PASSWORD, null, null);
        // keys on both partitions of two: ambient_temperature_system_failure hashes to 0, the ec2 series to 1
        List<ReplayRecords.Row> rows = new ArrayList<>();
        for (String file : List.of("ec2_cpu_utilization_24ae8d.csv", "ambient_temperature_system_failure.csv")) {
            rows.addAll(ReplayRecords.read(List.of(DATA.resolve(file))).subList(0, 1_000));
        }
        try (LiveStack stack = new LiveStack(cluster, "https", FIVE_MINUTES,
                LiveStack.Options.DEFAULT.withHttp(h -> h.withTls(tls)))) {
            LocalStack.Instance a = stack.instances.get(0);
            LocalStack.Instance b = stack.startInstance();
            stack.replay(rows, 0, rows.size());
            stack.awaitForecasts(rows.size(), Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(60)).until(() -> a.app().state() == KafkaStreams.State.RUNNING
                    && b.app().state() == KafkaStreams.State.RUNNING);
            Map<String, List<Forecast>> byKey = byKey(stack.forecasts);
            Map<String, Integer> ownerPort = new HashMap<>();
            for (String key : byKey.keySet()) {
                ownerPort.put(key, a.app().streams().queryMetadataForKey(ForecastTopology.STATE_STORE, key,
                        Serdes.String().serializer()).activeHost().port());
            }
            assertThat(new HashSet<>(ownerPort.values())).as("each instance owns a key")
                    .containsExactlyInAnyOrder(a.http().port(), b.http().port());

            HttpClient https = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
            ForecastCodec codec = new ForecastCodec();
            for (String key : byKey.keySet()) {
                for (LocalStack.Instance asked : List.of(a, b)) {
                    assertThat(asked.url("/")).startsWith("https://");
                    HttpResponse<byte[]> r = get(https, asked.url("/forecast/" + key));
                    // the instance that does not own the key forwarded the query over HTTPS, with the token
                    assertThat(r.statusCode()).as("%s asked %s", key, asked.url("")).isEqualTo(200);
                    List<Forecast> emitted = byKey.get(key);
                    StoredPrecision.assertSameForecast(codec.decode(r.body()), emitted.get(emitted.size() - 1));
                    assertThat(get(https, asked.url("/series/" + key + "/history")).statusCode()).isEqualTo(200);
                }
            }
            // the token needs the TLS connection: plain HTTP on the same port gets no answer with data
            String plain = "http://127.0.0.1:" + b.http().port() + "/forecast/" + byKey.keySet().iterator().next();
            assertThatThrownBy(() -> get(HttpClient.newHttpClient(), plain)).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aClosedInstanceLeavesTheGroupSoTheOtherTakesItsPartitionsWithoutWaitingForTheSessionTimeout()
            throws Exception {
        try (LiveStack stack = new LiveStack(cluster, "leave", FIVE_MINUTES);
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            LocalStack.Instance a = stack.instances.get(0);
            LocalStack.Instance b = stack.startInstance();
            String group = stack.config.applicationId();
            await().atMost(Duration.ofSeconds(60)).until(() -> activeTasks(a) > 0 && activeTasks(b) > 0
                    && members(admin, group) == 2);
            int tasks = activeTasks(a) + activeTasks(b);
            long start = System.nanoTime();
            b.app().close(); // what SIGTERM does (the command's shutdown hook closes the app)
            // Kafka Streams' plain close stays a member until the session times out (45 s); leaving is at once
            await().atMost(Duration.ofSeconds(20)).until(() -> members(admin, group) == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> activeTasks(a) == tasks
                    && a.app().state() == KafkaStreams.State.RUNNING);
            System.out.printf("leave: the other instance had all %d tasks %.1f s after the close began%n", tasks,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    @Test
    void withTwoInstancesEachTaskHasAStandbyOnTheOtherThatTakesItOverWhenItsInstanceGoes() throws Exception {
        // the two series interleaved (one on each partition), so both halves of the replay feed both
        List<ReplayRecords.Row> ec2 = ReplayRecords.read(List.of(DATA.resolve("ec2_cpu_utilization_24ae8d.csv")));
        List<ReplayRecords.Row> ambient = ReplayRecords.read(List.of(
                DATA.resolve("ambient_temperature_system_failure.csv")));
        List<ReplayRecords.Row> rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            rows.add(ec2.get(i));
            rows.add(ambient.get(i));
        }
        try (LiveStack stack = new LiveStack(cluster, "standby", FIVE_MINUTES)) {
            LocalStack.Instance a = stack.instances.get(0);
            LocalStack.Instance b = stack.startInstance();
            int half = rows.size() / 2;
            stack.replay(rows, 0, half);
            stack.awaitForecasts(half, Duration.ofSeconds(120));
            // the default num.standby.replicas=1: b keeps a warm copy of each of a's tasks, and a of b's
            await().atMost(Duration.ofSeconds(60)).until(() -> !tasks(a, true).isEmpty()
                    && tasks(b, false).containsAll(tasks(a, true)) && tasks(a, false).containsAll(tasks(b, true)));
            Set<String> aActive = tasks(a, true);
            a.app().close();
            await().atMost(Duration.ofSeconds(30)).until(() -> tasks(b, true).containsAll(aActive)
                    && b.app().state() == KafkaStreams.State.RUNNING);
            // the standby became active and carries on the series: every record is still exactly one forecast
            stack.replay(rows, half, rows.size());
            stack.awaitForecasts(rows.size(), Duration.ofSeconds(120));
            stack.awaitSettled(Duration.ofSeconds(60));
            assertContiguous(byKey(stack.forecasts), rows);
        }
    }

    /** The instance's active (or standby) tasks, by id. */
    private static Set<String> tasks(LocalStack.Instance instance, boolean active) {
        Set<String> ids = new HashSet<>();
        instance.app().streams().metadataForLocalThreads().forEach(t -> (active ? t.activeTasks() : t.standbyTasks())
                .forEach(task -> ids.add(task.taskId().toString())));
        return ids;
    }

    private static int activeTasks(LocalStack.Instance instance) {
        return instance.app().streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size())
                .sum();
    }

    private static int members(Admin admin, String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
    }

    private static HttpResponse<byte[]> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", LiveStack.TOKEN.authorization()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> getWithoutToken(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void streamsAppRefusesToStartWhenTheInputWasRepartitionedUnderExistingState() throws Exception {
        List<ReplayRecords.Row> rows = ReplayRecords.read(List.of(DATA.resolve("ec2_cpu_utilization_24ae8d.csv")))
                .subList(0, 200);
        StreamsAppConfig config;
        try (LiveStack stack = new LiveStack(cluster, "repart", FIVE_MINUTES)) {
            stack.replay(rows, 0, rows.size());
            stack.awaitForecasts(rows.size(), Duration.ofSeconds(60));
            config = stack.config;
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.deleteTopics(List.of(config.topics().observations())).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    !admin.listTopics().names().get().contains(config.topics().observations()));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                admin.createTopics(List.of(new NewTopic(config.topics().observations(), 3, (short) 1))).all().get();
                return true;
            });
        }
        Path stateDir = Files.createTempDirectory("streamcast-it-repart-");
        try (StreamsApp restarted = new StreamsApp(config.withStateDir(stateDir), new SimpleMeterRegistry())) {
            assertThatThrownBy(restarted::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("repart-observations has 3 partitions")
                    .hasMessageContaining("repart-app-series-state-changelog has 2");
            assertThat(restarted.state()).isEqualTo(KafkaStreams.State.CREATED);
        }
    }
}
