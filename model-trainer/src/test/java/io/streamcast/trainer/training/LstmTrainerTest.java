package io.streamcast.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.SyntheticSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LstmTrainerTest {
    private static final ForecastSettings SETTINGS = new ForecastSettings(6, 48, 24, 0.9, 3, Duration.ofHours(1));
    /**
     * 16 series of 700 points, H = 6: the last origin is 693, validation takes origins 646..693, so training
     * targets end at 640 and sequences of 96 start every 24 steps from 0 to 528: 23 a series, 368 in all,
     * ceil(368 / 32) = 12 minibatch updates a pass.
     */
    private static final List<SeriesHistory> HISTORIES = SyntheticSeries.generate(16, 700, 1);

    private static LstmTrainer.Result train(TrainerSettings settings, List<String> progress) {
        return new LstmTrainer(SETTINGS, settings.withMaxTrainTime(Duration.ofMinutes(5)).withValidationPoints(48))
                .train(HISTORIES, null, progress::add);
    }

    @Test
    void withManySequencesTheModelIsValidatedWithinAPassAndKeepsTheBestWeights() {
        List<String> progress = new ArrayList<>();
        LstmTrainer.Result r = train(TrainerSettings.defaults().withPasses(1, 5), progress);
        assertThat(r.sequences()).isEqualTo(368);
        assertThat(r.updates()).isEqualTo(12); // one pass
        assertThat(r.epochs()).isEqualTo(1);
        // validated after updates 5 and 10 of the pass (and once more on the last 2, which prints nothing)
        assertThat(progress).hasSize(2);
        assertThat(progress.get(0)).startsWith("update 5 (pass 0.4)");
        assertThat(progress.get(1)).startsWith("update 10 (pass 0.8)");
        assertThat(r.validationLoss()).isLessThan(r.initialLoss());
    }

    @Test
    void withFewSequencesTheModelIsValidatedAfterEveryPass() {
        List<String> progress = new ArrayList<>();
        LstmTrainer.Result r = train(TrainerSettings.defaults().withPasses(2, 25), progress);
        assertThat(r.updates()).isEqualTo(24);
        assertThat(progress).hasSize(2); // every 12 updates, not every 25
        assertThat(progress.get(0)).startsWith("update 12 (pass 1.0)");
        assertThat(progress.get(1)).startsWith("update 24 (pass 2.0)");
    }

    @Test
    void aBudgetThatEndsBeforeTheFirstUpdateLeavesTheStartingNetworkAndSaysSo() {
        LstmTrainer.Result r = new LstmTrainer(SETTINGS, TrainerSettings.defaults().withMaxTrainTime(Duration.ofNanos(1))
                .withValidationPoints(48)).train(HISTORIES, null, null);
        assertThat(r.updates()).isZero();
        assertThat(r.validationLoss()).isEqualTo(r.initialLoss());
    }
}
