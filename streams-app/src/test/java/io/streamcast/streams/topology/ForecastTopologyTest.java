package io.streamcast.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.core.codec.AccuracyReportCodec;
import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.model.BundleSigner;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.core.testing.TestModels;
import io.streamcast.streams.config.ForecastOutput;
import io.streamcast.streams.config.StreamsAppConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ForecastTopologyTest {
    private static final Instant T0 = TopologyFixture.T0;
    private static final long HOUR = TopologyFixture.HOUR;
    private static final ForecastSettings SETTINGS = TopologyFixture.SETTINGS;

    @TempDir
    Path stateDir;

    private final ForecastCodec forecastCodec = new ForecastCodec();
    private TopologyFixture fixture;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> modelUpdates;
    private TestOutputTopic<String, byte[]> forecasts;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<String, byte[]> accuracy;
    private SimpleMeterRegistry meters;

    private StreamsAppConfig config() {
        return TopologyFixture.config(stateDir);
    }

    private void start(StreamsAppConfig config) {
        fixture = new TopologyFixture(config);
        driver = fixture.driver;
        modelUpdates = fixture.modelUpdates;
        forecasts = fixture.forecasts;
        deadLetters = fixture.deadLetters;
        accuracy = fixture.accuracy;
        meters = fixture.meters;
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void send(String key, long ts, double value) {
        fixture.send(key, ts, value);
    }

    private void send(String key, long ts, String json) {
        fixture.send(key, ts, json);
    }

    private List<Forecast> readForecasts() {
        return fixture.readForecasts();
    }

    private double counter(String name, String... tags) {
        return fixture.counter(name, tags);
    }

    @Test
    void emitEveryThreeWritesOneForecastInThreeAndCountsTheRest() {
        StreamsAppConfig every = config();
        TopologyFixture all = new TopologyFixture(every.withStateDir(stateDir.resolve("all")));
        start(every.withTopology(every.topology().withOutput(new ForecastOutput(3))));
        long t = T0.toEpochMilli();
        for (int i = 0; i < 10; i++) {
            for (String key : List.of("a", "b")) {
                send(key, t + i * HOUR, 10 + Math.sin(i) + key.length());
                all.send(key, t + i * HOUR, 10 + Math.sin(i) + key.length());
            }
        }
        send("a", t + 9 * HOUR, 11 + Math.sin(9)); // a duplicate: counted as one, neither emitted nor suppressed
        List<Forecast> out = readForecasts();
        // each key's 1st, 4th, 7th and 10th forecast; the others suppressed and counted, never missing
        assertThat(out).extracting(Forecast::seriesId).containsExactly("a", "b", "a", "b", "a", "b", "a", "b");
        assertThat(out.stream().filter(f -> f.seriesId().equals("a")).map(Forecast::originMillis).toList())
                .containsExactly(t, t + 3 * HOUR, t + 6 * HOUR, t + 9 * HOUR);
        assertThat(counter("streamcast.forecasts.out")).isEqualTo(8);
        assertThat(counter("streamcast.forecasts.suppressed", "group", "default")).isEqualTo(12);
        assertThat(counter("streamcast.duplicates")).isEqualTo(1);
        assertThat(counter("streamcast.observations.in")).isEqualTo(counter("streamcast.forecasts.out")
                + counter("streamcast.forecasts.suppressed") + counter("streamcast.duplicates"));
        // a suppressed forecast still advanced its key: the ones written are those of an every-one run
        List<Forecast> everyOne = all.readForecasts();
        assertThat(everyOne).hasSize(20);
        assertThat(out).containsExactly(everyOne.get(0), everyOne.get(1), everyOne.get(6), everyOne.get(7),
                everyOne.get(12), everyOne.get(13), everyOne.get(18), everyOne.get(19));
        assertThat(all.counter("streamcast.forecasts.suppressed")).isZero();
        all.close();
    }

    @Test
    void theForecastsTopicCarriesTheCompactFormat() {
        start(config());
        send("a", T0.toEpochMilli(), 5);
        byte[] bytes = forecasts.readValue();
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"step_ms\":3600000,\"mean\":[")
                .doesNotContain("\"points\"");
        Forecast f = forecastCodec.decode(bytes);
        assertThat(f.seriesId()).isEqualTo("a");
        assertThat(f.points()).hasSize(config().topology().forecast().horizon());
    }

    @Test
    void everyValidObservationGetsOneForecastWithHPointsAndIntervals() {
        start(config());
        long t = T0.toEpochMilli();
        for (int i = 0; i < 20; i++) {
            send("a", t + i * HOUR, 10 + Math.sin(i));
        }
        List<Forecast> out = readForecasts();
        assertThat(out).hasSize(20);
        Forecast last = out.get(19);
        assertThat(last.seriesId()).isEqualTo("a");
        assertThat(last.originMillis()).isEqualTo(t + 19 * HOUR);
        assertThat(last.points()).hasSize(6);
        for (ForecastPoint p : last.points()) {
            assertThat(p.targetMillis()).isEqualTo(t + (19 + p.step()) * HOUR);
            assertThat(p.lower()).isLessThan(p.mean());
            assertThat(p.upper()).isGreaterThan(p.mean());
        }
        assertThat(counter("streamcast.observations.in")).isEqualTo(20);
        assertThat(counter("streamcast.forecasts.out")).isEqualTo(20);
    }

    static Stream<Arguments> badRecords() {
        long ts = T0.toEpochMilli();
        return Stream.of(
                Arguments.of("a", "not json", "not-json"),
                Arguments.of("a", "[1,2]", "not-object"),
                Arguments.of("a", "{\"value\":1}", "missing-field"),
                Arguments.of("a", "{\"ts\":" + ts + ",\"value\":\"1\"}", "bad-value"),
                Arguments.of("a", "{\"ts\":" + ts + ",\"value\":NaN}", "non-finite"),
                Arguments.of("a", "{\"ts\":\"yesterday\",\"value\":1}", "bad-timestamp"),
                Arguments.of("a", "{\"ts\":\"1900-01-01T00:00:00Z\",\"value\":1}", "absurd-timestamp"),
                Arguments.of(null, TopologyFixture.json(ts, 1), "missing-key"),
                Arguments.of("a", "{\"ts\":\"2199-01-01T00:00:00Z\",\"value\":1}", "future-timestamp"),
                Arguments.of("a", null, "not-json"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badRecords")
    void badRecordsGoToTheDeadLetterTopicWithReasonAndSource(String key, String json, String reason) {
        start(config());
        send(key, T0.toEpochMilli(), json);
        assertThat(forecasts.isEmpty()).isTrue();
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo(key == null ? null : key.getBytes(StandardCharsets.UTF_8));
        assertThat(dead.value()).isEqualTo(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead, "reason")).isEqualTo(reason);
        assertThat(header(dead, "detail")).isNotBlank();
        assertThat(header(dead, "source.topic")).isEqualTo("observations");
        assertThat(header(dead, "source.partition")).isEqualTo("0");
        assertThat(header(dead, "source.offset")).isEqualTo("0");
        assertThat(counter("streamcast.dlq", "reason", reason)).isEqualTo(1);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    private static String header(TestRecord<?, ?> record, String name) {
        return TopologyFixture.header(record, name);
    }

    @Test
    void duplicatesAreCountedAndLateRecordsDeadLettered() {
        start(config());
        long t = T0.toEpochMilli();
        send("a", t, 1);
        send("a", t + HOUR, 2);
        send("a", t + HOUR, 2); // duplicate
        send("a", t, 5); // late
        assertThat(readForecasts()).hasSize(2);
        assertThat(counter("streamcast.duplicates")).isEqualTo(1);
        TestRecord<byte[], byte[]> late = deadLetters.readRecord();
        assertThat(header(late, "reason")).isEqualTo("late");
        assertThat(header(late, "source.offset")).isEqualTo("3");
        assertThat(deadLetters.isEmpty()).isTrue();
        // identity: records in = forecasts + dlq + duplicates
        assertThat(counter("streamcast.observations.in")).isEqualTo(4);
    }

    @Test
    void gapPolicyFillsShortGapsAndResetsAfterLongOnes() {
        start(config());
        long t = T0.toEpochMilli();
        for (int i = 0; i < 8; i++) {
            send("a", t + i * HOUR, i % 4);
        }
        send("a", t + 10 * HOUR, 7); // 2 missing steps: filled with the last value (3)
        send("a", t + 20 * HOUR, 8); // 9 missing steps > 3: the key's sequence resets
        List<Forecast> out = readForecasts();
        assertThat(out).hasSize(10);
        assertThat(counter("streamcast.gaps.filled.steps")).isEqualTo(2);
        assertThat(counter("streamcast.gaps.resets")).isEqualTo(1);
        // hours 4..10 now hold 0 1 2 3 3 3 7 (hours 8 and 9 filled with 3); seasonal naive (m = 4) repeats
        // hours 7, 8, 9, 10 for steps 1..4 and the filled steps stand in for the missing ones
        assertThat(out.get(8).points().stream().limit(4).mapToDouble(p -> p.mean()).toArray())
                .containsExactly(3, 3, 3, 7);
        // after the reset only the new value is known: naive
        assertThat(out.get(9).points()).allSatisfy(p -> assertThat(p.mean()).isEqualTo(8.0));
        KeyValueStore<String, SeriesState> store = driver.getKeyValueStore(ForecastTopology.STATE_STORE);
        assertThat(store.get("a").windowValues()).containsExactly(8f);
    }

    @Test
    void baselineServesBeforeAnyModelAndAModelMidStreamSwitchesEveryKeyWithoutMissingAForecast() {
        start(config());
        long t = T0.toEpochMilli();
        List<String> keys = List.of("a", "b", "c");
        int steps = 40;
        for (int i = 0; i < steps; i++) {
            if (i == 20) {
                ModelBundle v1 = TestModels.bundle(SETTINGS, "v1", 1);
                modelUpdates.pipeInput("streamcast-lstm", v1.toBytes(), Instant.ofEpochMilli(t + i * HOUR));
            }
            for (String key : keys) {
                send(key, t + i * HOUR, 50 + 10 * Math.sin(i * Math.PI / 2) + keys.indexOf(key));
            }
        }
        Map<String, List<Forecast>> byKey = new HashMap<>();
        for (KeyValue<String, byte[]> kv : forecasts.readKeyValuesToList()) {
            byKey.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(forecastCodec.decode(kv.value));
        }
        for (String key : keys) {
            List<Forecast> fs = byKey.get(key);
            assertThat(fs).hasSize(steps);
            for (int i = 0; i < steps; i++) {
                // contiguous in event time: no forecast lost or duplicated across the swap
                assertThat(fs.get(i).originMillis()).isEqualTo(t + i * HOUR);
                assertThat(fs.get(i).modelVersion()).isEqualTo(i < 20 ? "baseline" : "v1");
            }
        }
        KeyValueStore<String, SeriesState> store = driver.getKeyValueStore(ForecastTopology.STATE_STORE);
        assertThat(store.get("a").modelId()).isEqualTo(ModelBundle.versionId("v1"));
        assertThat(counter("streamcast.keys.primed")).isEqualTo(3);

        // a second version re-primes every key once more, again without a gap
        modelUpdates.pipeInput("streamcast-lstm", TestModels.bundle(SETTINGS, "v2", 2).toBytes());
        for (String key : keys) {
            send(key, t + steps * HOUR, 55);
        }
        assertThat(readForecasts()).extracting(Forecast::modelVersion).containsOnly("v2").hasSize(3);
        assertThat(counter("streamcast.keys.primed")).isEqualTo(6);
    }

    @Test
    void aCorruptBundleIsRejectedAndTheCurrentModelKeepsServing() {
        start(config());
        long t = T0.toEpochMilli();
        modelUpdates.pipeInput("streamcast-lstm", TestModels.bundle(SETTINGS, "v1", 1).toBytes());
        byte[] tampered = TestModels.bundle(SETTINGS, "v2", 2).toBytes();
        tampered[tampered.length - 100] ^= 0x5a; // inside the weights: checksum mismatch
        modelUpdates.pipeInput("streamcast-lstm", tampered);
        modelUpdates.pipeInput("streamcast-lstm", "garbage".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 14; i++) {
            send("a", t + i * HOUR, i % 4);
        }
        assertThat(readForecasts().get(13).modelVersion()).isEqualTo("v1");
        assertThat(counter("streamcast.model.rejected", "reason", "checksum")).isEqualTo(1);
        assertThat(counter("streamcast.model.rejected", "reason", "magic")).isEqualTo(1);
    }

    @Test
    void aTombstoneForTheModelIsRefusedAndLeavesTheStoredBundleInPlace() {
        start(config().withModelTrust(ModelTrust.signed("k1")));
        long t = T0.toEpochMilli();
        byte[] v1 = new BundleSigner("k1").sign(TestModels.bundle(SETTINGS, "v1", 1)).toBytes();
        modelUpdates.pipeInput("streamcast-lstm", v1);
        modelUpdates.pipeInput("streamcast-lstm", (byte[]) null); // unsigned, as every tombstone is
        for (int i = 0; i < 14; i++) {
            send("a", t + i * HOUR, i % 4);
        }
        assertThat(readForecasts().get(13).modelVersion()).isEqualTo("v1");
        assertThat(counter("streamcast.model.rejected", "reason", "tombstone")).isEqualTo(1);
        // what a restarted instance serves from: the store keeps the accepted bundle
        KeyValueStore<String, byte[]> models = driver.getKeyValueStore(ForecastTopology.MODEL_STORE);
        assertThat(models.get("streamcast-lstm")).isEqualTo(v1);
    }

    @Test
    void withAModelKeyOnlyBundlesSignedWithItServeAndTamperedOnesAreRejected() {
        start(config().withModelTrust(ModelTrust.signed("k1")));
        long t = T0.toEpochMilli();
        BundleSigner k1 = new BundleSigner("k1");
        modelUpdates.pipeInput("streamcast-lstm", k1.sign(TestModels.bundle(SETTINGS, "v1", 1)).toBytes());
        modelUpdates.pipeInput("streamcast-lstm", TestModels.bundle(SETTINGS, "v2", 2).toBytes());
        modelUpdates.pipeInput("streamcast-lstm", new BundleSigner("k2").sign(TestModels.bundle(SETTINGS, "v3", 3))
                .toBytes());
        byte[] tampered = k1.sign(TestModels.bundle(SETTINGS, "v4", 4)).toBytes();
        String text = new String(tampered, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"v4\"") + 2; // the version inside the signed metadata: still valid JSON
        tampered[at] = '9';
        modelUpdates.pipeInput("streamcast-lstm", tampered);
        for (int i = 0; i < 14; i++) {
            send("a", t + i * HOUR, i % 4);
        }
        assertThat(readForecasts().get(13).modelVersion()).isEqualTo("v1");
        assertThat(counter("streamcast.model.rejected", "reason", "unsigned")).isEqualTo(1);
        assertThat(counter("streamcast.model.rejected", "reason", "signature")).isEqualTo(2);
    }

    @Test
    void idleKeysExpireAfterTheTtlOnBothClocks() {
        start(config()); // TTL 10 h, a pass every hour of event time or of the wall clock
        long t = T0.toEpochMilli();
        send("idle", t, 1);
        for (int i = 0; i < 15; i++) {
            send("busy", t + i * HOUR, i);
        }
        KeyValueStore<String, SeriesState> store = driver.getKeyValueStore(ForecastTopology.STATE_STORE);
        assertThat(store.get("idle")).isNotNull(); // passes run on the wall-clock slice punctuation
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(store.get("idle")).as("14 h behind in event time, but it arrived a second ago").isNotNull();
        driver.advanceWallClockTime(Duration.ofHours(10).plusSeconds(1));
        assertThat(store.get("idle")).isNull();
        assertThat(store.get("busy")).isNotNull();
        assertThat(counter("streamcast.keys.expired")).isEqualTo(1);
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(meters.get("streamcast.keys.active").gauge().value()).isEqualTo(1);
        // an expired key that comes back starts afresh (no late rejection against forgotten state)
        send("idle", t + 15 * HOUR, 3);
        assertThat(store.get("idle").seen()).isEqualTo(1);
        send("new", t + 15 * HOUR, 3);
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(meters.get("streamcast.keys.active").gauge().value()).isEqualTo(3);
    }

    @Test
    void accuracyIsEmittedPeriodicallyPerKey() {
        start(config());
        long t = T0.toEpochMilli();
        for (int i = 0; i < 96; i++) {
            send("a", t + i * HOUR, i % 4);
        }
        List<String> reports = accuracy.readValuesToList().stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        // every 48 observations of a key (docs/configuration.md): after its 48th and 96th, at hours 47 and 95
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0)).contains("\"series\":\"a\"").contains("\"model_version\":\"baseline\"");
        var codec = new AccuracyReportCodec();
        var first = codec.decode(reports.get(0).getBytes(StandardCharsets.UTF_8));
        var second = codec.decode(reports.get(1).getBytes(StandardCharsets.UTF_8));
        assertThat(first.timestampMillis()).isEqualTo(t + 47 * HOUR);
        assertThat(second.timestampMillis()).isEqualTo(t + 95 * HOUR);
        // Points scored (H = 6, m = 4, tracked steps 1, 2, 4, 6): observation n scores step k once the forecast
        // from n - k exists and the window (n values) holds seasonal naive's look-back, 4 * ceil(k/4) values:
        // k = 1, 2, 4 from n = 4, k = 6 from n = 8. By n = 47: 3 * 44 + 40 = 172; by n = 95: 172 + 4 * 48 = 364.
        assertThat(first.scored()).isEqualTo(172);
        assertThat(second.scored()).isEqualTo(364);
    }

    @Test
    void stateSerdeRoundTrips() {
        SeriesStateSerde serde = new SeriesStateSerde(SETTINGS);
        var forecaster = new SeriesForecaster(SETTINGS);
        SeriesState s = forecaster.newState();
        for (int i = 0; i < 30; i++) {
            forecaster.observe(s, new Observation("a", T0.toEpochMilli() + i * HOUR, i), null);
        }
        byte[] bytes = serde.serializer().serialize("t", s);
        byte[] again = serde.serializer().serialize("t", serde.deserializer().deserialize("t", bytes));
        assertThat(Arrays.equals(bytes, again)).isTrue();
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
