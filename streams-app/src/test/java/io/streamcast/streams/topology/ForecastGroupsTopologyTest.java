package io.streamcast.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.core.testing.TestModels;
import io.streamcast.core.testing.TestObservations;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.config.GroupNodes;
import io.streamcast.streams.config.StreamsAppConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two forecast groups in one topology: each its own shape, store, outputs and model; the same series id in both
 * is two series; a bundle for one group is refused by the other.
 */
class ForecastGroupsTopologyTest {
    private static final Instant T0 = Instant.parse("2014-07-01T00:00:00Z");
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final ForecastSettings SENSORS = ForecastSettings.builder().horizon(6).window(12).season(4)
            .maxGapFill(3).build();
    private static final ForecastSettings STOCKS = ForecastSettings.builder().horizon(3).window(10).season(5)
            .coverage(0.8).maxGapFill(3).defaultStep(Duration.ofDays(1)).build();

    @TempDir
    Path stateDir;

    private final ForecastCodec codec = new ForecastCodec();

    private static ForecastGroupConfig group(String name, List<String> inputs, Pattern pattern, ForecastSettings shape) {
        TopicNames names = new TopicNames(inputs.isEmpty() ? name + "-input-pattern" : inputs.get(0),
                name + "-forecasts", name + "-dlq", name + "-forecast-accuracy", "model-updates", "model-archive",
                "model-decisions");
        return new ForecastGroupConfig(name, names, inputs, pattern, shape, name + "-lstm", Duration.ofDays(30),
                Duration.ofHours(1), Duration.ofDays(1), 48, 1024);
    }

    private final ForecastGroupConfig sensors = group("sensors", List.of("machine-sensors"), null, SENSORS);
    private final ForecastGroupConfig stocks = group("stocks", List.of(), Pattern.compile("closes-.*"), STOCKS);

    private TopologyFixture fixture() {
        return new TopologyFixture(StreamsAppConfig.defaults("unused:9092").withGroups(List.of(sensors, stocks))
                .withStateDir(stateDir).withModelTrust(ModelTrust.unsignedAllowed()));
    }

    private static void send(TestInputTopic<String, byte[]> topic, String key, long ts, double value) {
        topic.pipeInput(key, TestObservations.json(ts, value), Instant.ofEpochMilli(ts));
    }

    private static TestInputTopic<String, byte[]> input(TopologyTestDriver driver, String topic) {
        return driver.createInputTopic(topic, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    }

    private List<Forecast> forecasts(TopologyTestDriver driver, String topic) {
        return driver.createOutputTopic(topic, Serdes.String().deserializer(), Serdes.ByteArray().deserializer())
                .readValuesToList().stream().map(codec::decode).toList();
    }

    private static double count(TopologyFixture fixture, String name, String group) {
        var c = fixture.meters.find(name).tag("group", group).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void eachGroupForecastsItsOwnSeriesWithItsOwnShapeIntoItsOwnTopics() {
        try (TopologyFixture fixture = fixture()) {
            TopologyTestDriver driver = fixture.driver;
            var machines = input(driver, "machine-sensors");
            var apple = input(driver, "closes-nasdaq");
            var siemens = input(driver, "closes-xetra");
            long t = T0.toEpochMilli();
            for (int i = 0; i < 30; i++) {
                send(machines, "A", t + i * HOUR, 10 + i % 4);
                send(apple, "A", t + i * DAY, 100 + i);
            }
            for (int i = 0; i < 12; i++) {
                send(siemens, "B", t + i * DAY, 50 - i);
            }
            machines.pipeInput("A", "not json".getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(t + 31 * HOUR));

            List<Forecast> sensorForecasts = forecasts(driver, "sensors-forecasts");
            assertThat(sensorForecasts).hasSize(30).allSatisfy(f -> {
                assertThat(f.seriesId()).isEqualTo("A");
                assertThat(f.points()).hasSize(6);
                assertThat(f.points().get(1).targetMillis() - f.points().get(0).targetMillis()).isEqualTo(HOUR);
            });
            List<Forecast> stockForecasts = forecasts(driver, "stocks-forecasts");
            assertThat(stockForecasts).hasSize(42).allSatisfy(f -> assertThat(f.points()).hasSize(3));
            assertThat(stockForecasts.get(29).points().get(1).targetMillis()
                    - stockForecasts.get(29).points().get(0).targetMillis()).isEqualTo(DAY);

            // the same id in both groups: two series, each in its group's own store
            SeriesState sensorA = driver.<String, SeriesState>getKeyValueStore("sensors-series-state").get("A");
            SeriesState stockA = driver.<String, SeriesState>getKeyValueStore("stocks-series-state").get("A");
            assertThat(sensorA.seen()).isEqualTo(30);
            assertThat(stockA.seen()).isEqualTo(30);
            assertThat(sensorA.lastEventMillis()).isEqualTo(t + 29 * HOUR);
            assertThat(stockA.lastEventMillis()).isEqualTo(t + 29 * DAY);
            assertThat(driver.<String, SeriesState>getKeyValueStore("stocks-series-state").get("B").seen())
                    .isEqualTo(12);

            // a bad record is its group's dead letter, counted under its group
            assertThat(driver.createOutputTopic("sensors-dlq", Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer()).readValuesToList()).hasSize(1);
            assertThat(driver.createOutputTopic("stocks-dlq", Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer()).isEmpty()).isTrue();
            assertThat(count(fixture, "streamcast.forecasts.out", "sensors")).isEqualTo(30);
            assertThat(count(fixture, "streamcast.forecasts.out", "stocks")).isEqualTo(42);
            assertThat(count(fixture, "streamcast.observations.in", "sensors")).isEqualTo(31);
            assertThat(fixture.meters.find("streamcast.dlq").tag("group", "sensors").counter().count()).isEqualTo(1);
            assertThat(fixture.meters.find("streamcast.dlq").tag("group", "stocks").counter()).isNull();
        }
    }

    @Test
    void aBundleServesOnlyTheGroupItDeclaresUnderThatGroupsModelName() {
        try (TopologyFixture fixture = fixture()) {
            TopologyTestDriver driver = fixture.driver;
            var machines = input(driver, "machine-sensors");
            var closes = input(driver, "closes-nasdaq");
            var models = input(driver, "model-updates");
            ModelBundle sensorModel = TestModels.bundle(SENSORS, "sensors-v1", 1);
            sensorModel = ModelBundle.create(sensorModel.metadata().withGroup("sensors"), sensorModel.weights());
            // published under the stocks group's model name: declares sensors, so stocks refuses it
            models.pipeInput("stocks-lstm", sensorModel.toBytes());
            models.pipeInput("sensors-lstm", sensorModel.toBytes());
            // a stocks-shaped bundle that declares no group: only the default group would take it
            models.pipeInput("stocks-lstm", TestModels.bundle(STOCKS, "stocks-v0", 2).toBytes());
            ModelBundle stockModel = TestModels.bundle(STOCKS, "stocks-v1", 3);
            models.pipeInput("stocks-lstm", ModelBundle.create(stockModel.metadata().withGroup("stocks"),
                    stockModel.weights()).toBytes());

            assertThat(fixture.registries.get("sensors").current().version()).isEqualTo("sensors-v1");
            assertThat(fixture.registries.get("stocks").current().version()).isEqualTo("stocks-v1");
            assertThat(fixture.meters.find("streamcast.model.rejected").tags("group", "stocks", "reason", "wrong-group")
                    .counter().count()).isEqualTo(2);
            long t = T0.toEpochMilli();
            for (int i = 0; i < 20; i++) {
                send(machines, "A", t + i * HOUR, 10 + i % 4);
                send(closes, "A", t + i * DAY, 100 + i);
            }
            // (a key forecasts with the baseline until its window is full, then with its group's model)
            List<String> sensorVersions = forecasts(driver, "sensors-forecasts").stream()
                    .map(Forecast::modelVersion).toList();
            assertThat(sensorVersions).hasSize(20).containsOnly("baseline", "sensors-v1").endsWith("sensors-v1");
            List<String> stockVersions = forecasts(driver, "stocks-forecasts").stream()
                    .map(Forecast::modelVersion).toList();
            assertThat(stockVersions).hasSize(20).containsOnly("baseline", "stocks-v1").endsWith("stocks-v1");
            // the global store keeps each group's accepted bundle under its model name
            var store = driver.<String, byte[]>getKeyValueStore(ForecastTopology.MODEL_STORE);
            assertThat(store.get("sensors-lstm")).isEqualTo(sensorModel.toBytes());
            assertThat(store.get("stocks-lstm")).isNotNull();
        }
    }

    @Test
    void theDefaultGroupKeepsTheNamesItHadBeforeGroupsAndOthersArePrefixed() {
        try (TopologyFixture ignored = fixture()) {
            StreamsAppConfig single = StreamsAppConfig.defaults("unused:9092");
            TopologyDescription d = ForecastTopology.build(single).describe();
            assertThat(d.toString()).contains("Processor: forecaster").contains("series-state")
                    .contains("Source: observations-source").doesNotContain("default-");
            assertThat(GroupNodes.of("stocks").store()).isEqualTo("stocks-series-state");
            assertThat(ForecastTopology.STATE_STORE).isEqualTo("series-state");
        }
    }
}
