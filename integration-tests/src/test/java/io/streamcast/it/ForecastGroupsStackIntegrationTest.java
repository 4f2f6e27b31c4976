package io.streamcast.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.cli.stack.LocalStack;
import io.streamcast.cli.stack.OutputFollower;
import io.streamcast.cli.stack.StackOptions;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.testing.TestModels;
import io.streamcast.http.HttpSettings;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.deployment.Deployment;
import io.streamcast.options.deployment.DeploymentFile;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.model.ModelRegistry;
import io.streamcast.streams.run.StreamsApp;
import io.streamcast.trainer.service.DecisionRecord;
import io.streamcast.trainer.service.TrainerService;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The whole of a two-group deployment on a real broker, as the demo runs it: one streams-app and one trainer
 * serving a deployment file of two groups on two topics with different H and m. Each group's trainer trains on its
 * own history and publishes its own model, which only its group serves; each group's forecasts have its H; the
 * same series ids in both groups stay apart; every input of a group is one of its forecasts; a bundle of one group
 * published under the other's model name is refused there.
 */
class ForecastGroupsStackIntegrationTest extends OnKafkaCluster {
    private static final int SERIES = 8;
    private static final int POINTS = 600;
    private static final int MORE = 10;

    private static final String DEPLOYMENT = """
            groups:
              - name: alpha
                inputs: [stack-alpha-in]
                horizon: 6
                season: 4
              - name: beta
                inputs: [stack-beta-in]
                horizon: 3
                season: 5
            topics:
              model-updates: stack-model-updates
              model-archive: stack-model-archive
              model-decisions: stack-model-decisions
            """;

    @Test
    void eachGroupTrainsAndServesItsOwnModelWithItsOwnShape() throws Exception {
        Deployment deployment = DeploymentFile.parse("deployment.yaml", DEPLOYMENT);
        TrainerSettings shortRounds = TrainerSettings.defaults().withPasses(1, 25).withMinUpdates(20)
                .withValidationPoints(48);
        StackOptions options = StackOptions.on(cluster.bootstrapServers()).withDeployment(deployment)
                .withTopics(TopicNames.prefixed("stack"), 2).withForecast(ForecastSettings.defaults(), LiveStack.TRUST)
                .withStreamsApp(c -> c.withApplicationId("stack-groups-app"), HttpSettings.open("127.0.0.1", 0))
                // one round per group, once its whole history is in
                .withTrainer(c -> c.withTraining(shortRounds).withSchedule(1_000_000_000L, Duration.ofDays(1),
                        (long) SERIES * POINTS), null);
        Map<String, List<Forecast>> forecasts = new LinkedHashMap<>();
        Map<String, List<Object>> deadLetters = new LinkedHashMap<>();
        List<OutputFollower> followers = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(options);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                     cluster.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            assertThat(stack.groups()).extracting(ForecastGroupConfig::group).containsExactly("alpha", "beta");
            assertThat(stack.trainers()).extracting(t -> t.config().servedGroup()).containsExactly("alpha", "beta");
            for (ForecastGroupConfig g : stack.groups()) {
                forecasts.put(g.group(), Collections.synchronizedList(new ArrayList<>()));
                deadLetters.put(g.group(), Collections.synchronizedList(new ArrayList<>()));
                followers.add(stack.followOutputs(g, "stack-" + g.group(), forecasts.get(g.group())::add,
                        deadLetters.get(g.group())::add));
            }
            SeasonalSeries.produce(producer, "stack-alpha-in", SERIES, 4, 1, 0, POINTS);
            SeasonalSeries.produce(producer, "stack-beta-in", SERIES, 5, 2, 0, POINTS);

            // each group's trainer decides once on its own history, and its model serves its group only
            StreamsApp app = stack.instances().get(0).app();
            Map<String, String> served = new LinkedHashMap<>();
            for (TrainerService trainer : stack.trainers()) {
                String group = trainer.config().servedGroup();
                await().atMost(Duration.ofSeconds(120)).until(() -> !trainer.decisions().isEmpty());
                DecisionRecord decision = trainer.decisions().get(0);
                assertThat(decision.group()).isEqualTo(group);
                assertThat(decision.decision()).as(decision.toString()).isEqualTo("promote");
                String version = trainer.champion().version();
                assertThat(version).startsWith(group + "-lstm-");
                ModelRegistry registry = app.models(group);
                await().atMost(Duration.ofSeconds(30)).until(() -> registry.current() != null
                        && registry.current().version().equals(version));
                served.put(group, version);
            }
            assertThat(served.get("alpha")).isNotEqualTo(served.get("beta"));

            // new points: each group's forecasts carry its own model and its own horizon
            SeasonalSeries.produce(producer, "stack-alpha-in", SERIES, 4, 1, POINTS, POINTS + MORE);
            SeasonalSeries.produce(producer, "stack-beta-in", SERIES, 5, 2, POINTS, POINTS + MORE);
            int total = SERIES * (POINTS + MORE);
            await().atMost(Duration.ofSeconds(90)).until(() -> forecasts.get("alpha").size() >= total
                    && forecasts.get("beta").size() >= total);
            Map<String, Integer> horizon = Map.of("alpha", 6, "beta", 3);
            for (String group : List.of("alpha", "beta")) {
                List<Forecast> fs = forecasts.get(group);
                synchronized (fs) {
                    assertThat(fs).hasSize(total).allSatisfy(f -> assertThat(f.points()).hasSize(horizon.get(group)));
                    assertThat(fs.subList(SERIES * POINTS, total)).extracting(Forecast::modelVersion)
                            .containsOnly(served.get(group));
                    // s0..s7 in both groups: each group forecast its own s0, POINTS + MORE times
                    assertThat(fs.stream().filter(f -> f.seriesId().equals("s0")).count())
                            .isEqualTo(POINTS + MORE);
                }
                assertThat(deadLetters.get(group)).isEmpty();
                assertThat(stack.instances().get(0).meters().find("streamcast.observations.in").tag("group", group)
                        .counter().count()).isEqualTo(total);
            }

            // a signed model of alpha's shape declaring alpha, published under beta's model name: refused by
            // beta, which keeps its own
            ModelBundle alphaModel = TestModels.bundle(deployment.group("alpha").orElseThrow().forecast(), "alpha-x",
                    3);
            byte[] alphaBundle = LiveStack.TRUST.sign(ModelBundle.create(alphaModel.metadata().withGroup("alpha")
                    .withSequence(Long.MAX_VALUE / 2), alphaModel.weights())).toBytes();
            producer.send(new ProducerRecord<>(deployment.modelUpdates(), "beta-lstm", alphaBundle)).get();
            ModelRegistry beta = app.models("beta");
            await().atMost(Duration.ofSeconds(30)).until(() -> beta.lastRefusal() != null);
            assertThat(beta.lastRefusal().reason()).isEqualTo("wrong-group");
            assertThat(beta.current().version()).isEqualTo(served.get("beta"));
        } finally {
            for (OutputFollower f : followers) {
                f.close();
            }
        }
    }
}
