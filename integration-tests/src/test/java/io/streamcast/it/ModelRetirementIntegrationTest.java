package io.streamcast.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.stack.LocalStack;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.testing.TestModels;
import io.streamcast.core.testing.TestObservations;
import io.streamcast.trainer.service.DecisionRecord;
import io.streamcast.trainer.service.ModelAdmin;
import io.streamcast.trainer.service.TrainerConfig;
import io.streamcast.trainer.service.TrainerService;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.KafkaStreams;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * The gate's other half on a real broker: a champion that has fallen behind the baseline forecaster is retired by
 * the trainer's next round, streams-app serves the baseline from then on, and a new instance starts from the
 * retirement, not from the retired model.
 */
class ModelRetirementIntegrationTest extends OnKafkaCluster {
    private static final ForecastSettings HOURLY = ForecastSettings.builder().horizon(12).window(24).season(24)
            .maxGapFill(6).build();
    private static final long T0 = Instant.parse("2014-07-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final List<String> KEYS = List.of("n1", "n2", "n3", "n4");

    /**
     * Hours [from, to) of a Gaussian random walk per key: naive (the last value) is the best forecast there is, and
     * the baseline picks it, so nothing is left for a model to learn. (White noise was used before, but the median
     * of the last 12 values, the baseline there, is not the best forecast of white noise: a longer average is, and a
     * candidate learned that, 1.8 % better at 98 %.)
     */
    private static List<ReplayRecords.Row> randomWalks(int from, int to) {
        Random random = new Random(11);
        double[] level = new double[KEYS.size()];
        Arrays.fill(level, 100);
        List<ReplayRecords.Row> rows = new ArrayList<>();
        for (int h = 0; h < to; h++) {
            for (int k = 0; k < KEYS.size(); k++) {
                level[k] += 2 * random.nextGaussian();
                if (h >= from) {
                    long ts = T0 + h * HOUR;
                    rows.add(new ReplayRecords.Row(KEYS.get(k), ts, TestObservations.json(ts, level[k]), true));
                }
            }
        }
        return rows;
    }

    @Test
    void aChampionBehindTheBaselineIsRetiredAndTheBaselineServesAgain() throws Exception {
        try (LiveStack stack = new LiveStack(cluster, "retire", HOURLY)) {
            // a champion with large random corrections: far behind the baseline on any data
            MultiLayerNetwork wild = TestModels.network(HOURLY.horizon(), 8, 7);
            wild.params().muli(40);
            ModelBundle champion = ModelBundle.create(TestModels.metadata(HOURLY, "wild-v1", List.of(8)),
                    LstmNetworks.toBytes(wild));
            TrainerConfig config = TrainerConfig.defaults(cluster.bootstrapServers(), HOURLY)
                    .withTopics(stack.topics).withModelTrust(LiveStack.TRUST)
                    // a short round whose length is a number of updates, not a time: the same round every run
                    .withTraining(TrainerSettings.defaults().withPasses(1, 25).withMinUpdates(20))
                    .withSchedule(1_000_000_000L, Duration.ofDays(1), 1_000_000_000L);
            try (TrainerService trainer = new TrainerService(config, e -> { })) {
                trainer.publish(champion);
                stack.awaitModel("wild-v1");
                stack.replayAndAwait(randomWalks(0, 500), 0, 500 * KEYS.size());

                DecisionRecord decision = trainer.runOnce();
                assertThat(decision.decision()).as(decision.toString()).isEqualTo("retire");
                assertThat(decision.reason()).startsWith("champion MASE").contains("fell behind the baseline");
                assertThat(decision.evidence().championVsBaseline().improvement()).isNegative();
                assertThat(trainer.champion()).isNull();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> stack.app.models().current() == null);
            ModelAdmin admin = new ModelAdmin(config);
            assertThat(admin.currentVersion()).startsWith("retire-lstm-");
            // the archive keeps models to roll back to, not retirements
            assertThat(admin.list()).extracting(e -> e.metadata().version()).containsExactly("wild-v1");

            int before = stack.forecasts.size();
            List<ReplayRecords.Row> more = randomWalks(500, 510);
            stack.replay(more, 0, more.size());
            stack.awaitForecasts(before + more.size(), Duration.ofSeconds(60));
            synchronized (stack.forecasts) {
                assertThat(stack.forecasts.subList(before, stack.forecasts.size()))
                        .extracting(Forecast::modelVersion).containsOnly(Forecast.BASELINE_VERSION);
            }

            // a new instance restores the model store from the topic: the retired model, then its retirement
            LocalStack.Instance fresh = stack.startInstance();
            await().atMost(Duration.ofSeconds(60)).until(() -> fresh.app().state() == KafkaStreams.State.RUNNING);
            assertThat(fresh.app().models().current()).isNull();
            assertThat(fresh.app().models().lastRefusal()).isNull();
        }
    }
}
