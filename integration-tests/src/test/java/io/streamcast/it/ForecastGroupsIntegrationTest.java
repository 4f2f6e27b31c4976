package io.streamcast.it;

import static io.streamcast.it.GroupCounters.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.replay.Replayer;
import io.streamcast.cli.stack.OutputFollower;
import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.testing.TestModels;
import io.streamcast.core.testing.TestObservations;
import io.streamcast.http.HttpSettings;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.config.TopicSetup;
import io.streamcast.streams.http.StreamsAppHttpServer;
import io.streamcast.streams.run.StreamsApp;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Two forecast groups served by one streams-app on a real broker: sensors on a named topic (H=6, m=4, hourly) and
 * stock closes on a topic pattern (H=3, m=5, daily). Each group's forecasts have its own H points at its own step,
 * the same series id in both groups is two series, bad input is the group's own dead letter, each group serves its
 * own model, a bundle declaring one group is refused by the other, and the REST API answers per group.
 */
class ForecastGroupsIntegrationTest extends OnKafkaCluster {
    private static final ForecastSettings SENSORS = ForecastSettings.builder().horizon(6).window(12).season(4)
            .maxGapFill(3).build();
    private static final ForecastSettings STOCKS = ForecastSettings.builder().horizon(3).window(10).season(5)
            .coverage(0.8).maxGapFill(3).defaultStep(Duration.ofDays(1)).build();
    private static final long T0 = Instant.parse("2014-07-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final int POINTS = 40;

    private static ForecastGroupConfig group(String name, List<String> inputs, Pattern pattern, ForecastSettings shape) {
        TopicNames names = new TopicNames(inputs.isEmpty() ? name + "-input-pattern" : inputs.get(0),
                "grp-" + name + "-forecasts", "grp-" + name + "-dlq", "grp-" + name + "-forecast-accuracy",
                "grp-model-updates", "grp-model-archive", "grp-model-decisions");
        return new ForecastGroupConfig(name, names, inputs, pattern, shape, name + "-lstm", Duration.ofDays(3650),
                Duration.ofHours(1), Duration.ofDays(1), 48, 1024);
    }

    private static List<ReplayRecords.Row> rows(String key, long step, double base) {
        List<ReplayRecords.Row> rows = new ArrayList<>();
        for (int i = 0; i < POINTS; i++) {
            long ts = T0 + i * step;
            double value = base + 5 * Math.sin(i * Math.PI / 2) + i * 0.1;
            rows.add(new ReplayRecords.Row(key, ts, TestObservations.json(ts, value), true));
        }
        return rows;
    }

    private static ModelBundle bundle(ForecastSettings shape, String version, String group, long seed) {
        ModelBundle b = TestModels.bundle(shape, version, seed);
        return LiveStack.TRUST.sign(ModelBundle.create(b.metadata().withGroup(group), b.weights()));
    }

    @Test
    void oneAppServesTwoGroupsEachWithItsOwnShapeTopicsAndModel() throws Exception {
        ForecastGroupConfig sensors = group("sensors", List.of("grp-machine-sensors"), null, SENSORS);
        ForecastGroupConfig stocks = group("stocks", List.of(), Pattern.compile("grp-closes-.*"), STOCKS);
        Path stateDir = Files.createTempDirectory("groups-it");
        StreamsAppConfig config = StreamsAppConfig.defaults(cluster.bootstrapServers())
                .withGroups(List.of(sensors, stocks)).withApplicationId("groups-app").withStateDir(stateDir)
                .withModelTrust(LiveStack.TRUST);
        KafkaConnection kafka = KafkaConnection.plaintext(cluster.bootstrapServers());
        try (Admin admin = Admin.create(kafka.admin())) {
            List<String> created = TopicSetup.ensure(admin, config.groups(), 2, (short) 1);
            assertThat(created).contains("grp-machine-sensors", "grp-sensors-forecasts", "grp-stocks-forecasts",
                    "grp-stocks-dlq", "grp-model-updates").doesNotContain("stocks-input-pattern");
            admin.createTopics(List.of(new NewTopic("grp-closes-nasdaq", 2, (short) 1))).all().get();
            TopicSetup.awaitPartitionsServed(admin, List.of("grp-closes-nasdaq"), Duration.ofSeconds(60));
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<Forecast> sensorForecasts = Collections.synchronizedList(new ArrayList<>());
        List<Forecast> stockForecasts = Collections.synchronizedList(new ArrayList<>());
        List<ConsumerRecord<byte[], byte[]>> sensorLetters = Collections.synchronizedList(new ArrayList<>());
        List<ConsumerRecord<byte[], byte[]>> stockLetters = Collections.synchronizedList(new ArrayList<>());
        try (StreamsApp app = new StreamsApp(config, meters);
             var sensorOut = new OutputFollower(kafka, sensors.topics(), "sensors-out",
                     sensorForecasts::add, sensorLetters::add);
             var stockOut = new OutputFollower(kafka, stocks.topics(), "stocks-out",
                     stockForecasts::add, stockLetters::add);
             StreamsAppHttpServer http = new StreamsAppHttpServer(new HttpSettings("127.0.0.1", 0, null), null);
             KafkaProducer<String, byte[]> models = new KafkaProducer<>(kafka.producer(), new StringSerializer(),
                     new ByteArraySerializer())) {
            app.start();
            http.serve(app.groupQueries(), app.health()::check);
            await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);

            // a sensors model published under the stocks group's name is refused there; each group takes its own
            models.send(new ProducerRecord<>("grp-model-updates", "stocks-lstm",
                    bundle(SENSORS, "sensors-v1", "sensors", 1).toBytes())).get();
            models.send(new ProducerRecord<>("grp-model-updates", "sensors-lstm",
                    bundle(SENSORS, "sensors-v1", "sensors", 1).toBytes())).get();
            models.send(new ProducerRecord<>("grp-model-updates", "stocks-lstm",
                    bundle(STOCKS, "stocks-v1", "stocks", 2).toBytes())).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> version(app, "sensors").equals("sensors-v1")
                    && version(app, "stocks").equals("stocks-v1"));
            assertThat(meters.find("streamcast.model.rejected").tags("group", "stocks", "reason", "wrong-group")
                    .counter().count()).isEqualTo(1);

            // the same series id "A" in both groups, and a record that is not JSON on the stocks topic
            try (Replayer toSensors = new Replayer(kafka, "grp-machine-sensors");
                 Replayer toStocks = new Replayer(kafka, "grp-closes-nasdaq")) {
                toSensors.send(rows("A", HOUR, 20), 0, POINTS, 0, 0, () -> false, null);
                List<ReplayRecords.Row> closes = new ArrayList<>(rows("A", DAY, 100));
                closes.add(new ReplayRecords.Row("A", T0 + POINTS * DAY, "not json".getBytes(StandardCharsets.UTF_8),
                        false));
                toStocks.send(closes, 0, closes.size(), 0, 0, () -> false, null);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> sensorForecasts.size() >= POINTS
                    && stockForecasts.size() >= POINTS && stockLetters.size() >= 1);

            synchronized (sensorForecasts) {
                assertThat(sensorForecasts).hasSize(POINTS).allSatisfy(f -> {
                    assertThat(f.seriesId()).isEqualTo("A");
                    assertThat(f.points()).hasSize(6);
                    assertThat(f.points().get(1).targetMillis() - f.points().get(0).targetMillis()).isEqualTo(HOUR);
                });
                assertThat(sensorForecasts.get(POINTS - 1).modelVersion()).isEqualTo("sensors-v1");
                assertThat(sensorForecasts).extracting(Forecast::modelVersion)
                        .containsOnly("baseline", "sensors-v1");
            }
            synchronized (stockForecasts) {
                assertThat(stockForecasts).hasSize(POINTS).allSatisfy(f -> {
                    assertThat(f.points()).hasSize(3);
                    assertThat(f.points().get(1).targetMillis() - f.points().get(0).targetMillis()).isEqualTo(DAY);
                });
                assertThat(stockForecasts.get(POINTS - 1).modelVersion()).isEqualTo("stocks-v1");
                // the stock series' values, not the sensors': the same id did not share state
                assertThat(stockForecasts.get(POINTS - 1).points().get(0).mean()).isGreaterThan(80);
            }
            assertThat(sensorForecasts.get(POINTS - 1).points().get(0).mean()).isLessThan(40);
            assertThat(stockLetters.size()).isEqualTo(1);
            assertThat(LiveStack.header(stockLetters.get(0), "reason")).isEqualTo("not-json");
            assertThat(sensorLetters.size()).isZero();
            // counts per group: every input is a forecast or a dead letter of its own group
            assertThat(count(meters, "streamcast.observations.in", "sensors")).isEqualTo(POINTS);
            assertThat(count(meters, "streamcast.forecasts.out", "sensors")).isEqualTo(POINTS);
            assertThat(count(meters, "streamcast.observations.in", "stocks")).isEqualTo(POINTS + 1);
            assertThat(count(meters, "streamcast.forecasts.out", "stocks")).isEqualTo(POINTS);

            // REST: the groups, each group's forecast of "A", the paths without a group answer for the first
            HttpClient client = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            JsonNode groups = json.readTree(get(client, http, "/groups").body()).get("groups");
            assertThat(groups).hasSize(2);
            assertThat(groups.get(0).get("name").asText()).isEqualTo("sensors");
            assertThat(groups.get(1).get("input_pattern").asText()).isEqualTo("grp-closes-.*");
            assertThat(groups.get(1).get("horizon").asInt()).isEqualTo(3);
            assertThat(groups.get(1).get("model_version").asText()).isEqualTo("stocks-v1");
            ForecastCodec codec = new ForecastCodec();
            HttpResponse<byte[]> stockA = get(client, http, "/forecast/stocks/A");
            assertThat(stockA.statusCode()).isEqualTo(200);
            StoredPrecision.assertSameForecast(codec.decode(stockA.body()), stockForecasts.get(POINTS - 1));
            StoredPrecision.assertSameForecast(codec.decode(get(client, http, "/forecast/A").body()),
                    sensorForecasts.get(POINTS - 1));
            assertThat(new String(get(client, http, "/groups/stocks/series").body(), StandardCharsets.UTF_8))
                    .contains("\"A\"");
            assertThat(get(client, http, "/groups/stocks/series/A/accuracy").statusCode()).isEqualTo(200);
            assertThat(get(client, http, "/forecast/nosuchgroup/A").statusCode()).isEqualTo(404);
            JsonNode health = json.readTree(get(client, http, "/health").body());
            assertThat(health.get("groups").get("stocks").get("model").asText()).isEqualTo("stocks-v1");
            assertThat(health.get("groups").get("stocks").get("model_last_refused").get("reason").asText())
                    .isEqualTo("wrong-group");
        }
    }

    private static String version(StreamsApp app, String group) {
        var current = app.models(group).current();
        return current == null ? "baseline" : current.version();
    }


    private static HttpResponse<byte[]> get(HttpClient client, StreamsAppHttpServer http, String path)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aGroupWhoseInputsHaveDifferentPartitionCountsIsRefusedAtItsFirstStart() throws Exception {
        // topics of its own: the other test counts which topics TopicSetup creates
        TopicNames names = new TopicNames("grp-mixed-a", "mixed-forecasts", "mixed-dlq", "mixed-forecast-accuracy",
                "mixed-model-updates", "mixed-model-archive", "mixed-model-decisions");
        ForecastGroupConfig mixed = new ForecastGroupConfig("mixed", names, List.of("grp-mixed-a", "grp-mixed-b"), null, SENSORS,
                "mixed-lstm", Duration.ofDays(3650), Duration.ofHours(1), Duration.ofDays(1), 48, 1024);
        StreamsAppConfig config = StreamsAppConfig.defaults(cluster.bootstrapServers())
                .withGroups(List.of(mixed)).withApplicationId("mixed-app")
                .withStateDir(Files.createTempDirectory("mixed-it")).withModelTrust(LiveStack.TRUST);
        try (Admin admin = Admin.create(KafkaConnection.plaintext(cluster.bootstrapServers()).admin())) {
            TopicSetup.ensure(admin, config.groups(), 2, (short) 1);
            admin.createPartitions(Map.of("grp-mixed-b", NewPartitions.increaseTo(3))).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of("grp-mixed-b"))
                    .allTopicNames().get().get("grp-mixed-b").partitions().size() == 3);
        }
        try (StreamsApp app = new StreamsApp(config, new SimpleMeterRegistry())) {
            assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("group mixed have different partition counts")
                    .hasMessageContaining("grp-mixed-a: 2, grp-mixed-b: 3");
            assertThat(app.state()).isEqualTo(KafkaStreams.State.CREATED);
        }
    }

    @Test
    void createTopicsGivesTheOutputsTheTimestampLimitOfAnExistingInput() throws Exception {
        TopicNames names = new TopicNames("ts-input", "ts-forecasts", "ts-dlq", "ts-forecast-accuracy",
                "ts-model-updates", "ts-model-archive", "ts-model-decisions");
        ForecastGroupConfig group = new ForecastGroupConfig("ts", names, List.of("ts-input"), null, SENSORS, "ts-lstm",
                Duration.ofDays(3650), Duration.ofHours(1), Duration.ofDays(1), 48, 1024);
        String twoDays = Long.toString(Duration.ofDays(2).toMillis());
        try (Admin admin = Admin.create(KafkaConnection.plaintext(cluster.bootstrapServers()).admin())) {
            admin.createTopics(List.of(new NewTopic("ts-input", 2, (short) 1).configs(Map.of(
                    TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, twoDays))))
                    .all().get();
            TopicSetup.ensure(admin, List.of(group), 2, (short) 1);
            for (String output : List.of("ts-forecasts", "ts-dlq", "ts-forecast-accuracy")) {
                var resource = new ConfigResource(
                        ConfigResource.Type.TOPIC, output);
                assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                        .get(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG)
                        .value()).as(output).isEqualTo(twoDays);
            }
        }
    }
}
