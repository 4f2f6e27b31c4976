package io.streamcast.it;

import static io.streamcast.it.GroupCounters.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.replay.Replayer;
import io.streamcast.cli.stack.OutputFollower;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.testing.TestObservations;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.config.ForecastOutput;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.config.TopicSetup;
import io.streamcast.streams.run.StreamsApp;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * The emit policies on a real broker, one group each in one streams-app: `emit-every 3` writes a key's 1st, 4th,
 * 7th … forecast; `emit-tolerance 0.5` writes a flat series' forecast once per horizon and the step's at once.
 * Every input is a written or a suppressed forecast, counted per group.
 */
class EmitPolicyIntegrationTest extends OnKafkaCluster {
    private static final ForecastSettings SHAPE = ForecastSettings.builder().horizon(6).window(12).season(4)
            .maxGapFill(3).build();
    private static final long T0 = Instant.parse("2014-07-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final int POINTS = 40;
    private static final int STEP_AT = 20;

    private static ForecastGroupConfig group(String name, ForecastOutput output) {
        TopicNames names = new TopicNames("emit-" + name + "-in", "emit-" + name + "-forecasts",
                "emit-" + name + "-dlq", "emit-" + name + "-forecast-accuracy", "emit-model-updates",
                "emit-model-archive", "emit-model-decisions");
        return new ForecastGroupConfig(name, names, List.of(names.observations()), null, SHAPE, name + "-lstm",
                Duration.ofDays(3650), Duration.ofHours(1), Duration.ofDays(1), 48, 1024).withOutput(output);
    }

    /** 10 for the first {@link #STEP_AT} hours, then 20. */
    private static List<ReplayRecords.Row> flatThenStep(String key) {
        List<ReplayRecords.Row> rows = new ArrayList<>();
        for (int i = 0; i < POINTS; i++) {
            long ts = T0 + i * HOUR;
            rows.add(new ReplayRecords.Row(key, ts, TestObservations.json(ts, i < STEP_AT ? 10 : 20), true));
        }
        return rows;
    }

    @Test
    void everyNAndToleranceWriteWhatTheySayAndCountTheRest() throws Exception {
        ForecastGroupConfig every = group("every", new ForecastOutput(3, OptionalDouble.empty()));
        ForecastGroupConfig moved = group("moved", new ForecastOutput(1, OptionalDouble.of(0.5)));
        StreamsAppConfig config = StreamsAppConfig.defaults(cluster.bootstrapServers())
                .withGroups(List.of(every, moved)).withApplicationId("emit-app")
                .withStateDir(Files.createTempDirectory("emit-it")).withModelTrust(LiveStack.TRUST);
        KafkaConnection kafka = KafkaConnection.plaintext(cluster.bootstrapServers());
        try (Admin admin = Admin.create(kafka.admin())) {
            TopicSetup.ensure(admin, config.groups(), 2, (short) 1);
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<Forecast> everyOut = Collections.synchronizedList(new ArrayList<>());
        List<Forecast> movedOut = Collections.synchronizedList(new ArrayList<>());
        try (StreamsApp app = new StreamsApp(config, meters);
             var a = new OutputFollower(kafka, every.topics(), "every-out", everyOut::add, r -> {});
             var b = new OutputFollower(kafka, moved.topics(), "moved-out", movedOut::add, r -> {})) {
            app.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
            try (Replayer toEvery = new Replayer(kafka, "emit-every-in");
                 Replayer toMoved = new Replayer(kafka, "emit-moved-in")) {
                toEvery.send(flatThenStep("A"), 0, POINTS, 0, 0, () -> false, null);
                toMoved.send(flatThenStep("A"), 0, POINTS, 0, 0, () -> false, null);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> count(meters, "streamcast.forecasts.out", "every")
                    + count(meters, "streamcast.forecasts.suppressed", "every") >= POINTS
                    && count(meters, "streamcast.forecasts.out", "moved")
                    + count(meters, "streamcast.forecasts.suppressed", "moved") >= POINTS);
            await().atMost(Duration.ofSeconds(30)).until(() -> everyOut.size() >= count(meters,
                    "streamcast.forecasts.out", "every") && movedOut.size() >= count(meters, "streamcast.forecasts.out",
                    "moved"));

            // every 3: the observations 0, 3, 6, …, 39 (14 of 40), in order, each once
            List<Long> everyOrigins = origins(everyOut);
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < POINTS; i += 3) {
                expected.add(T0 + i * HOUR);
            }
            assertThat(everyOrigins).containsExactlyElementsOf(expected);
            assertThat(count(meters, "streamcast.forecasts.suppressed", "every")).isEqualTo(POINTS - expected.size());

            // tolerance: the first, then at most H observations apart, the step's at once, far fewer than 40
            List<Long> movedOrigins = origins(movedOut);
            assertThat(movedOrigins.get(0)).isEqualTo(T0);
            assertThat(movedOrigins).contains(T0 + STEP_AT * HOUR).doesNotHaveDuplicates().isSorted();
            for (int i = 1; i < movedOrigins.size(); i++) {
                assertThat(movedOrigins.get(i) - movedOrigins.get(i - 1)).isLessThanOrEqualTo(SHAPE.horizon() * HOUR);
            }
            long flatWrites = movedOrigins.stream().filter(t -> t < T0 + STEP_AT * HOUR).count();
            assertThat(flatWrites).isLessThanOrEqualTo(STEP_AT / SHAPE.horizon() + 1);
            assertThat(movedOrigins.size()).isLessThan(POINTS / 2);
            assertThat(count(meters, "streamcast.forecasts.suppressed", "moved"))
                    .isEqualTo(POINTS - movedOrigins.size());
            for (String g : List.of("every", "moved")) {
                assertThat(count(meters, "streamcast.observations.in", g)).isEqualTo(POINTS);
            }
        }
    }

    private static List<Long> origins(List<Forecast> forecasts) {
        synchronized (forecasts) {
            return forecasts.stream().map(Forecast::originMillis).toList();
        }
    }
}
