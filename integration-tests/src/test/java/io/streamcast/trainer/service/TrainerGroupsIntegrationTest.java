package io.streamcast.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.BundleFormatException;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.it.OnKafkaCluster;
import io.streamcast.it.SeasonalSeries;
import io.streamcast.options.deployment.Deployment;
import io.streamcast.options.deployment.DeploymentFile;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Two trainer processes with one deployment file of two groups on a real broker: each group is trained from its
 * own topic with its own H and m and published by exactly one trainer (one election and one transactional id per
 * group's model), and when the leader of a group leaves, the other trainer takes that group over while the
 * other group stays where it was. In package {@code trainer.service} to build the trainers as the command does.
 */
class TrainerGroupsIntegrationTest extends OnKafkaCluster {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelTrust TRUST = ModelTrust.signed("groups-it-key");
    private static final int SERIES = 8;
    private static final int POINTS = 600;

    /** Two groups, two topics, two shapes; the model topics the test's own. */
    private static final String DEPLOYMENT = """
            groups:
              - name: alpha
                inputs: [groups-alpha-in]
                horizon: 6
                season: 4
              - name: beta
                inputs: [groups-beta-in]
                horizon: 3
                season: 5
            topics:
              model-updates: groups-model-updates
              model-archive: groups-model-archive
              model-decisions: groups-model-decisions
            """;

    /** A group's history ({@link SeasonalSeries}); the series ids are the same in both groups. */
    private static void produce(String topic, int m, long seed) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            SeasonalSeries.produce(producer, topic, SERIES, m, seed, 0, POINTS);
        }
    }

    /** Every decision record committed so far (read_committed, from the beginning). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> decisions(String topic) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Map<String, Object>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(JSON.readValue(r.value(), Map.class));
                }
            }
        }
        return records;
    }

    private static List<Map<String, Object>> ofGroup(List<Map<String, Object>> records, String group) {
        return records.stream().filter(r -> group.equals(r.get("group"))).toList();
    }

    private static Set<Object> trainers(List<Map<String, Object>> records) {
        return records.stream().map(r -> r.get("trainer")).collect(Collectors.toSet());
    }

    private static double leaderGauge(SimpleMeterRegistry meters, String group) {
        return meters.get("streamcast.trainer.leader").tag("group", group).gauge().value();
    }

    @Test
    void twoTrainersPublishEachGroupFromOneOfThemAndTheOtherTakesAGroupOverWhenItsLeaderLeaves() throws Exception {
        Deployment deployment = DeploymentFile.parse("deployment.yaml", DEPLOYMENT);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("groups-alpha-in", 2, (short) 1),
                    new NewTopic("groups-beta-in", 2, (short) 1))).all().get();
        }
        produce("groups-alpha-in", 4, 1);
        produce("groups-beta-in", 5, 2);

        // as `trainer --deployment` builds them: the shared options (a short round, one round per leadership
        // term: the first once the history is in, then none within the test) applied to each group
        TrainerConfig shared = TrainerConfig.defaults(cluster.bootstrapServers(), ForecastSettings.defaults())
                .withModelTrust(TRUST)
                // a round whose length is a number of updates, not a time: the same rounds every run, however
                // busy the machine (as ModelRetirementIntegrationTest's)
                .withTraining(TrainerSettings.defaults().withPasses(1, 25).withMinUpdates(20)
                        .withValidationPoints(48))
                .withSchedule(1_000_000_000L, Duration.ofDays(1), (long) SERIES * POINTS);
        List<TrainerConfig> configs = DeploymentTrainers.configs(shared, deployment);
        String decisionsTopic = deployment.modelDecisions();
        List<String> events = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
        SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();

        try (TrainerGroups first = new TrainerGroups(configs, events::add, firstMeters);
             TrainerGroups second = new TrainerGroups(configs, events::add, secondMeters)) {
            first.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> first.services().stream()
                    .allMatch(TrainerService::leader));
            second.start();
            await().atMost(Duration.ofSeconds(30)).until(second::healthy);

            // the first trainer led both groups from the start: one round each, both from it
            await().atMost(Duration.ofSeconds(90)).until(() -> decisions(decisionsTopic),
                    d -> ofGroup(d, "alpha").size() == 1 && ofGroup(d, "beta").size() == 1);
            assertThat(second.services()).noneMatch(TrainerService::leader);
            assertThat(leaderGauge(firstMeters, "alpha")).isEqualTo(1);
            assertThat(leaderGauge(secondMeters, "alpha")).isZero();
            List<Map<String, Object>> before = decisions(decisionsTopic);
            assertThat(trainers(before)).containsExactly(first.trainerId());
            assertThat(before).extracting(r -> r.get("model_name")).containsExactlyInAnyOrder("alpha-lstm",
                    "beta-lstm");
            // each group's history is its own topic's: the same series ids, not merged
            for (TrainerService s : first.services()) {
                assertThat(s.history().seriesCount()).isEqualTo(SERIES);
                assertThat(s.history().points()).isEqualTo((long) SERIES * POINTS);
            }

            // the leader of alpha leaves (its process keeps beta): the other trainer takes alpha over, its first
            // round as alpha's leader published by it; beta stays with the first
            TrainerService firstAlpha = first.services().get(0);
            assertThat(firstAlpha.config().group()).isEqualTo("alpha");
            firstAlpha.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> second.services().get(0).leader());
            assertThat(second.services().get(1).leader()).isFalse();
            assertThat(first.services().get(1).leader()).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> ofGroup(decisions(decisionsTopic), "alpha").size() == 2);
            assertThat(events).contains("trainer: group alpha: leads model alpha-lstm; champion "
                    + championAfter(ofGroup(before, "alpha").get(0)));
        }

        List<Map<String, Object>> all = decisions(decisionsTopic);
        List<Map<String, Object>> alpha = ofGroup(all, "alpha");
        List<Map<String, Object>> beta = ofGroup(all, "beta");
        // exactly one publisher per group at any time: alpha's first round from the first trainer, its second from
        // the one that took over; beta's only from the first
        assertThat(alpha).extracting(r -> r.get("trainer")).doesNotHaveDuplicates();
        assertThat(trainers(beta)).hasSize(1);
        assertThat(trainers(alpha)).contains(trainers(beta).iterator().next());

        // every bundle published declares its group and carries that group's shape
        Map<String, byte[]> archive = ModelTopics.latestByKey(configs.get(0), deployment.modelArchive());
        Map<String, byte[]> updates = ModelTopics.latestByKey(configs.get(0), deployment.modelUpdates());
        List<ModelMetadata> published = new ArrayList<>();
        for (byte[] bytes : archive.values()) {
            published.add(trusted(bytes));
        }
        for (byte[] bytes : updates.values()) {
            published.add(trusted(bytes));
        }
        for (ModelMetadata m : published) {
            String group = m.group();
            assertThat(group).as(m.version()).isIn("alpha", "beta");
            assertThat(m.modelName()).isEqualTo(group + "-lstm");
            assertThat(m.version()).startsWith(group + "-");
            assertThat(List.of(m.horizon(), m.season())).as(m.version())
                    .isEqualTo(group.equals("alpha") ? List.of(6, 4) : List.of(3, 5));
        }
        // each promotion in the decisions is a bundle in the archive, of the trainer that decided it
        for (Map<String, Object> d : all) {
            if ("promote".equals(d.get("decision"))) {
                assertThat(archive).containsKey((String) d.get("candidate_version"));
            }
        }
        assertThat(all).as("the rounds promoted nothing: no bundle to check the group and shape of; %s", all)
                .anyMatch(d -> "promote".equals(d.get("decision")));
    }

    /** The champion a new leader reads back after {@code decision}: its candidate if it was promoted. */
    private static String championAfter(Map<String, Object> decision) {
        return "promote".equals(decision.get("decision")) ? (String) decision.get("candidate_version")
                : "none (baseline serves)";
    }

    private static ModelMetadata trusted(byte[] bytes) throws BundleFormatException {
        ModelBundle bundle = ModelBundle.fromBytes(bytes);
        TRUST.check(bundle);
        return bundle.metadata();
    }
}
