package io.streamcast.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.cli.stack.LocalStack;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.testing.TestModels;
import io.streamcast.kafka.client.TopicReader;
import io.streamcast.streams.model.ModelRegistry;
import io.streamcast.streams.run.StreamsApp;
import io.streamcast.trainer.service.TrainerConfig;
import io.streamcast.trainer.service.TrainerService;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A tombstone on model-updates takes no signature, so it must not take the model away: the
 * running instance refuses it, a restart from its state directory still serves the model, and the trainer's next
 * round publishes the champion again, so that compaction leaves a trusted bundle as the last record under the
 * model name for instances started later.
 */
class ModelTombstoneIntegrationTest extends OnKafkaCluster {
    private static final ForecastSettings HOURLY = ForecastSettings.builder().horizon(12).window(24).season(24)
            .maxGapFill(6).build();

    @Test
    void anUnsignedTombstoneLeavesTheServedModelInPlaceAndTheTrainerPublishesItAgain() throws Exception {
        try (LiveStack stack = new LiveStack(cluster, "tomb", HOURLY);
             TrainerService trainer = new TrainerService(new TrainerConfig(cluster.bootstrapServers(), stack.topics,
                     "streamcast-lstm", HOURLY, TrainerSettings.defaults().withMaxTrainTime(Duration.ofSeconds(15)),
                     100_000, Duration.ofHours(1), 1, 5_000, 100, Map.of(), LiveStack.TRUST), line -> { });
             KafkaProducer<String, byte[]> attacker = new KafkaProducer<>(Map.of("bootstrap.servers",
                     cluster.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            trainer.prepare();
            ModelBundle v1 = trainer.publish(TestModels.bundle(HOURLY, "tomb-v1", 1));
            stack.awaitModel("tomb-v1");
            LocalStack.Instance first = stack.instances.get(0);

            attacker.send(new ProducerRecord<>(stack.topics.modelUpdates(), "streamcast-lstm", null)).get();
            ModelRegistry models = first.app().models();
            await().atMost(Duration.ofSeconds(30)).until(() -> models.lastRefusal() != null);
            assertThat(models.lastRefusal().reason()).isEqualTo("tombstone");
            assertThat(models.current().version()).isEqualTo("tomb-v1");
            assertThat(first.meters().find("streamcast.model.rejected").tag("reason", "tombstone").counter()
                    .count()).isEqualTo(1.0);

            // a restart from the same state directory: the global store still holds the accepted bundle
            first.app().close();
            try (StreamsApp restarted = new StreamsApp(stack.config.withStateDir(first.stateDir()),
                    new SimpleMeterRegistry())) {
                restarted.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> restarted.models().current() != null);
                assertThat(restarted.models().current().version()).isEqualTo("tomb-v1");
            }

            // the trainer's next round finds no trusted bundle under the model name and publishes its champion
            // again (no history: the round itself only decides), so compaction keeps a trusted bundle last
            trainer.trainAndPublish();
            Properties reader = new Properties();
            reader.put("bootstrap.servers", cluster.bootstrapServers());
            byte[] last = TopicReader.latestByKey(reader, stack.topics.modelUpdates(), Duration.ofSeconds(10))
                    .get("streamcast-lstm");
            assertThat(last).isNotNull();
            ModelBundle republished = ModelBundle.fromBytes(last);
            LiveStack.TRUST.check(republished);
            assertThat(republished.version()).isEqualTo("tomb-v1");
            assertThat(republished.sequence()).isGreaterThan(v1.sequence());
        }
    }
}
