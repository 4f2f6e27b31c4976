package io.streamcast.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.replay.Replayer;
import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.codec.ObservationCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.domain.Parsed;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.forecast.SeriesStateCodec;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.streams.config.TopicSetup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * streams-app as its own process, killed with SIGKILL in the middle of a replay and started again: exactly-once
 * means a {@code read_committed} reader sees every forecast once, and the state restored from the changelog
 * continues exactly where an uninterrupted run would be.
 */
class CrashRecoveryIntegrationTest extends OnKafkaCluster {
    // what the command line below configures (its default step, for a key's first forecast, is 1 h)
    private static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(12).window(48).season(1)
            .build();

    @Test
    void aKilledStreamsAppRestartsWithoutLosingOrDuplicatingAForecastAndContinuesFromTheSameState()
            throws Exception {
        // keys on both partitions (ambient_temperature_system_failure hashes to 0, ec2 to 1)
        List<ReplayRecords.Row> rows = ReplayRecords.read(List.of(DATA.resolve("ec2_cpu_utilization_24ae8d.csv"),
                DATA.resolve("ambient_temperature_system_failure.csv")));
        TopicNames topics = TopicNames.defaults(); // the CLI's topic names; no other test uses them
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            TopicSetup.ensure(admin, topics, 2, (short) 1);
        }
        Path stateDir = Files.createTempDirectory("streamcast-crash-state-");
        Path clientConfig = Files.createTempFile("streamcast-crash-", ".properties");
        // a killed member leaves the group after its session times out: keep that short for the test
        Files.writeString(clientConfig, "main.consumer.session.timeout.ms=6000\n"
                + "main.consumer.heartbeat.interval.ms=1000\n");

        try (OutputReader out = new OutputReader(cluster.bootstrapServers(), topics, "crash");
             Replayer replayer = new Replayer(cluster.bootstrapServers(), topics.observations(), new Properties())) {
            StreamsAppProcess first = startStreamsApp(stateDir, clientConfig);
            AtomicBoolean replayDone = new AtomicBoolean();
            Thread replay = new Thread(() -> {
                try {
                    replayer.send(rows, 0, rows.size(), 0, 1_500, () -> false, null); // ~8 s, paced
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                replayDone.set(true);
            }, "crash-replay");
            replay.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> out.forecasts.size() >= rows.size() / 3);
            first.kill(); // SIGKILL: no commit, no clean close, an open transaction left behind
            int beforeRestart = out.forecasts.size();
            assertThat(beforeRestart).as("killed mid-replay").isLessThan(rows.size());

            try (StreamsAppProcess second = startStreamsApp(stateDir, clientConfig)) {
                replay.join(60_000);
                assertThat(replayDone).isTrue();
                CommittedOutput.awaitInputCommitted(cluster.bootstrapServers(), "crash-app", topics.observations(),
                        Duration.ofSeconds(180));
                // all of it committed: the topic holds every forecast there will be, duplicates included
                assertThat(CommittedOutput.readToEnd(cluster.bootstrapServers(), topics.forecasts()))
                        .hasSize(rows.size());
                await().atMost(Duration.ofSeconds(60)).until(() -> out.forecasts.size() >= rows.size());
                String endpoint = second.endpoint();

                // none lost, none duplicated, and each one what an uninterrupted run makes
                Uninterrupted run = uninterrupted(rows);
                Map<String, List<Forecast>> uninterrupted = run.forecasts();
                Map<String, Forecast> expectedLatest = run.latest();
                Map<String, List<Forecast>> byKey = new HashMap<>();
                synchronized (out.forecasts) {
                    for (Forecast f : out.forecasts) {
                        byKey.computeIfAbsent(f.seriesId(), k -> new ArrayList<>()).add(f);
                    }
                }
                assertThat(out.forecasts).hasSize(rows.size());
                assertThat(byKey.keySet()).isEqualTo(uninterrupted.keySet());
                HttpClient client = HttpClient.newHttpClient();
                for (String key : uninterrupted.keySet()) {
                    List<Forecast> got = byKey.get(key);
                    List<Forecast> want = uninterrupted.get(key);
                    assertThat(got.stream().map(Forecast::originMillis).toList()).as("forecast origins of %s", key)
                            .isEqualTo(want.stream().map(Forecast::originMillis).toList());
                    for (int i = 0; i < want.size(); i++) {
                        assertThat(got.get(i)).as("forecast %d of %s (%d before the restart)", i, key, beforeRestart)
                                .isEqualTo(want.get(i));
                    }
                    // the restored state answers like the uninterrupted run's final state
                    HttpResponse<byte[]> latest = client.send(HttpRequest.newBuilder(
                            URI.create("http://" + endpoint + "/forecast/" + key)).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(latest.statusCode()).isEqualTo(200);
                    Forecast answered = new ForecastCodec().decode(latest.body());
                    assertThat(answered).isEqualTo(expectedLatest.get(key));
                    // and it is the forecast last emitted, up to the state's stored precision (docs/rest.md)
                    StoredPrecision.assertSameForecast(answered, want.get(want.size() - 1));
                }
            }
        }
    }

    /**
     * The same rows through the forecaster in one uninterrupted pass (baseline only, as served here), each key's
     * state through the state codec after every record as the state store does (the codec stores the window to
     * a quantum of the key's scale), and every key's latest forecast as REST recomputes it from the final state.
     */
    private static Uninterrupted uninterrupted(List<ReplayRecords.Row> rows) {
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        SeriesStateCodec stateCodec = new SeriesStateCodec(SETTINGS);
        ObservationCodec codec = new ObservationCodec();
        Map<String, byte[]> states = new HashMap<>();
        Map<String, List<Forecast>> forecasts = new HashMap<>();
        for (ReplayRecords.Row row : rows) {
            Observation o = ((Parsed.Ok<Observation>) codec.parse(row.series(), row.value())).value();
            byte[] stored = states.get(row.series());
            SeriesState s = stored == null ? forecaster.newState() : stateCodec.decode(stored);
            forecasts.computeIfAbsent(row.series(), k -> new ArrayList<>()).add(forecaster.observe(s, o, null)
                    .forecast());
            states.put(row.series(), stateCodec.encode(s));
        }
        Map<String, Forecast> latest = new HashMap<>();
        states.forEach((key, stored) -> latest.put(key, forecaster.latest(stateCodec.decode(stored), key, null)));
        return new Uninterrupted(forecasts, latest);
    }

    private record Uninterrupted(Map<String, List<Forecast>> forecasts, Map<String, Forecast> latest) {}

    private static StreamsAppProcess startStreamsApp(Path stateDir, Path clientConfig) throws Exception {
        return StreamsAppProcess.start("crash", List.of("--bootstrap", cluster.bootstrapServers(),
                "--application-id", "crash-app", "--state-dir", stateDir.toString(),
                "--horizon", "12", "--window", "48", "--season", "1", "--config", clientConfig.toString()));
    }
}
