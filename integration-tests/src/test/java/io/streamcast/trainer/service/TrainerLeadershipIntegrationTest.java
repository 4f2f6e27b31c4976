package io.streamcast.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.core.testing.TestModels;
import io.streamcast.it.OnKafkaCluster;
import io.streamcast.kafka.client.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * Several trainers of one model on a real broker: one leads (trains and publishes), the others stand by and take
 * over when it leaves; a leader that lost its place without noticing cannot publish (its producer is fenced).
 * In package {@code trainer.service} to reach the publisher a zombie would still hold.
 */
class TrainerLeadershipIntegrationTest extends OnKafkaCluster {
    private static final ForecastSettings HOURLY = ForecastSettings.builder().horizon(12).window(24).season(24)
            .maxGapFill(6).build();
    private static final ModelTrust TRUST = ModelTrust.signed("leadership-it-key");
    /** A trainer that never trains by itself (the schedule is out of reach): this is about who publishes. */
    private static TrainerConfig config(String prefix) throws Exception {
        TopicNames topics = TopicNames.prefixed(prefix);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.observations(), 2, (short) 1))).all().get();
        }
        return TrainerConfig.defaults(cluster.bootstrapServers(), HOURLY).withTopics(topics).withModelTrust(TRUST)
                .withSchedule(1_000_000_000L, Duration.ofDays(1), 1_000_000_000L);
    }

    private static ModelBundle serving(TrainerConfig config) throws Exception {
        byte[] bytes = ModelTopics.latestByKey(config, config.topics().modelUpdates()).get(config.modelName());
        return bytes == null ? null : ModelBundle.fromBytes(bytes);
    }

    /**
     * The bundle model-updates serves once it is {@code version}. A committed transaction's markers reach the
     * partitions just after {@code commitTransaction} returns, so a read_committed reader sees it a moment later.
     */
    private static ModelBundle awaitServing(TrainerConfig config, String version) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> serving(config),
                b -> b != null && b.version().equals(version));
    }

    @Test
    void oneOfTwoTrainersLeadsAndTheOtherTakesOverWhenItStops() throws Exception {
        TrainerConfig config = config("lead");
        List<String> events = new CopyOnWriteArrayList<>();
        try (TrainerService first = new TrainerService(config, events::add)) {
            first.start();
            await().atMost(Duration.ofSeconds(60)).until(first::leader);
            try (TrainerService second = new TrainerService(config, events::add)) {
                second.start();
                // the second has joined the group (its history reader runs) and stands by, for as long as we look
                await().atMost(Duration.ofSeconds(30)).until(() -> events.stream()
                        .filter(e -> e.startsWith("trainer: leads model")).count() == 1 && second.healthy());
                await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10))
                        .until(() -> first.leader() && !second.leader());

                ModelBundle v1 = first.publish(TestModels.bundle(HOURLY, "lead-v1", 1));
                awaitServing(config, "lead-v1");

                first.close(); // leaves the group: the standby takes over at once
                await().atMost(Duration.ofSeconds(30)).until(second::leader);
                assertThat(second.champion().version()).isEqualTo("lead-v1"); // read back on taking over
                ModelBundle v2 = second.publish(TestModels.bundle(HOURLY, "lead-v2", 2));
                ModelBundle now = awaitServing(config, "lead-v2");
                // the sequence goes on from the first leader's, so streams-app accepts the new leader's bundles
                assertThat(now.sequence()).isEqualTo(v2.sequence()).isGreaterThan(v1.sequence());
                TRUST.check(now);
            }
        }
        assertThat(events).contains("trainer: leads model streamcast-lstm; champion none (baseline serves)",
                "trainer: leads model streamcast-lstm; champion lead-v1");
    }

    private static ModelDecision decision(String version) {
        return PublicationRecord.direct("m", "default", "it", version);
    }

    @Test
    void aLeaderThatLostItsPlaceWithoutNoticingCannotPublish() throws Exception {
        TrainerConfig config = config("zombie");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            ModelTopics.ensure(admin, config);
        }
        // Two publishers of the same model, as an old leader paused past its session and the new leader would
        // hold them: the new one's lead() fences the old one's producer.
        try (ModelPublisher old = new ModelPublisher(config, new TrainerLog(e -> { }, null),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
             ModelPublisher current = new ModelPublisher(config, new TrainerLog(e -> { }, null),
                     new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
            old.lead();
            old.commit(TestModels.bundle(HOURLY, "zombie-v1", 1), decision("zombie-v1"));
            current.lead();
            assertThatThrownBy(() -> old.commit(TestModels.bundle(HOURLY, "zombie-v2", 2),
                    decision("zombie-v2")))
                    .isInstanceOf(ModelPublisher.NotLeaderException.class)
                    .hasMessageContaining("another trainer of model streamcast-lstm publishes now");
            awaitServing(config, "zombie-v1");
            current.commit(TestModels.bundle(HOURLY, "zombie-v3", 3), decision("zombie-v3"));
            awaitServing(config, "zombie-v3");
            // nothing of the zombie's round, before or after the new leader's: only v1 and v3 were ever written
            await().atMost(Duration.ofSeconds(30)).until(() -> ModelTopics.latestByKey(config,
                    config.topics().modelArchive()).keySet(), keys -> keys.contains("zombie-v3"));
            assertThat(ModelTopics.latestByKey(config, config.topics().modelArchive()))
                    .containsOnlyKeys("zombie-v1", "zombie-v3");
        }
    }
}
