package io.streamcast.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.kafka.client.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A trainer of several groups without a broker: each group's meters and health are its own, and a group whose
 * round fails does not stop the next (the real-broker side: TrainerGroupsIntegrationTest).
 */
class TrainerGroupsTest {
    private static final ForecastSettings SENSORS = ForecastSettings.builder().horizon(12).window(289).season(288)
            .defaultStep(Duration.ofMinutes(5)).build();
    private static final ForecastSettings STOCKS = ForecastSettings.builder().horizon(5).window(48).season(5)
            .defaultStep(Duration.ofDays(1)).build();

    /** An absent broker that every client gives up on within a second (and never retries meanwhile). */
    private static List<TrainerConfig> twoGroups() {
        TrainerConfig d = TrainerConfig.defaults("127.0.0.1:1", ForecastSettings.defaults());
        TrainerConfig shared = new TrainerConfig(d.bootstrapServers(), d.topics(), d.modelName(), d.forecast(),
                d.training(), d.retrainEveryPoints(), d.retrainInterval(), d.minPoints(), d.maxPointsPerSeries(),
                d.maxSeries(), Map.of("default.api.timeout.ms", "1000", "request.timeout.ms", "500",
                "reconnect.backoff.ms", "3600000", "reconnect.backoff.max.ms", "3600000"), d.modelTrust());
        return List.of(
                shared.forGroup("sensors", "sensors-lstm", SENSORS,
                        new HistoryInputs(List.of(), Pattern.compile("plant-.*")), d.topics()),
                shared.forGroup("stocks", "stocks-lstm", STOCKS, HistoryInputs.of("stock-closes"),
                        new TopicNames("stock-closes", "f", "d", "a", d.topics().modelUpdates(),
                                d.topics().modelArchive(), d.topics().modelDecisions())));
    }

    @Test
    void eachGroupHasItsOwnMetersAndHealthAndOneTrainerId() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (TrainerGroups trainers = new TrainerGroups(twoGroups(), e -> { }, meters)) {
            for (String group : List.of("sensors", "stocks")) {
                assertThat(meters.get("streamcast.trainer.leader").tag("group", group).gauge().value()).isZero();
                assertThat(meters.get("streamcast.trainer.history.points").tag("group", group).gauge().value())
                        .isZero();
                assertThat(meters.get("streamcast.trainer.backtest.mase").tag("group", group)
                        .tag("forecaster", "candidate").gauge()).isNotNull();
            }
            assertThat(trainers.services()).extracting(TrainerService::trainerId).containsOnly(trainers.trainerId());

            TrainerHealth health = TrainerHealth.of(trainers.services());
            assertThat(health.status()).isEqualTo("DOWN");
            assertThat(health.role()).isEqualTo("standby");
            assertThat(health.trainer()).isEqualTo(trainers.trainerId());
            assertThat(health.champion()).isNull();
            assertThat(health.groups()).containsOnlyKeys("sensors", "stocks");
            assertThat(health.groups().get("stocks").modelName()).isEqualTo("stocks-lstm");
            long cap = trainers.services().get(0).history().maxSeries();
            String group = ",\"role\":\"standby\",\"training\":false,\"history_points\":0,"
                    + "\"history_series\":0,\"history_series_cap\":" + cap + ",\"history_series_left_out\":0,"
                    + "\"champion\":null}";
            // with several groups the top level has the sums and no champion
            assertThat(TrainerJson.MAPPER.writeValueAsString(health)).isEqualTo("{\"status\":\"DOWN\","
                    + "\"trainer\":\"" + trainers.trainerId() + "\",\"role\":\"standby\",\"training\":false,"
                    + "\"history_points\":0,\"history_series\":0,\"history_series_cap\":" + 2 * cap + ","
                    + "\"history_series_left_out\":0,\"champion\":null,\"groups\":{"
                    + "\"sensors\":{\"status\":\"DOWN\",\"model_name\":\"sensors-lstm\"" + group + ","
                    + "\"stocks\":{\"status\":\"DOWN\",\"model_name\":\"stocks-lstm\"" + group + "}}");
        }
    }

    @Test
    void aGroupThatFailsDoesNotStopTheNextAndTheFailureNamesEveryGroupThatFailed() {
        List<String> attempted = new ArrayList<>();
        try (TrainerGroups trainers = new TrainerGroups(twoGroups(), e -> { }, new SimpleMeterRegistry())) {
            // no broker: each group's --once fails creating its topics, within a second, and the next is tried
            assertThatThrownBy(() -> trainers.runOnce((c, d) -> attempted.add(c.group()), events -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("2 of 2 groups failed (group sensors: ")
                    .hasMessageContaining("; group stocks: ");
        }
        assertThat(attempted).isEmpty();
    }

    @Test
    void withOneGroupItsFailureIsThrownAsItIs() {
        try (TrainerGroups trainers = new TrainerGroups(twoGroups().subList(1, 2), e -> { },
                new SimpleMeterRegistry())) {
            assertThatThrownBy(() -> trainers.runOnce((c, d) -> { }, events -> { }))
                    .isNotInstanceOf(IllegalStateException.class)
                    .hasRootCauseInstanceOf(TimeoutException.class);
        }
    }
}
