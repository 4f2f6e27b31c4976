package io.streamcast.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ServingModel;
import io.streamcast.trainer.backtest.Backtester;
import io.streamcast.trainer.backtest.PromotionGate;
import io.streamcast.trainer.training.ModelTrainer;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTrainerTest {
    private static final ForecastSettings SETTINGS = new ForecastSettings(6, 48, 24, 0.9, 3, Duration.ofHours(1));

    @Test
    void aModelTrainedOnSeasonalSeriesBeatsSeasonalNaiveAndAWorseCandidateIsRefused() throws Exception {
        List<SeriesHistory> histories = SyntheticSeries.generate(16, 700, 1);
        TrainerSettings settings = TrainerSettings.defaults().withMaxTrainTime(Duration.ofSeconds(25))
                .withValidationPoints(48);
        ModelTrainer trainer = new ModelTrainer(SETTINGS, settings, "streamcast-lstm");

        ModelTrainer.Round first = trainer.run(histories, null, "v1", null);
        assertThat(first.candidate().model().mase())
                .as("candidate %s vs seasonal naive %s", first.candidate().model(), first.candidate().seasonalNaive())
                .isLessThan(first.candidate().seasonalNaive().mase());
        assertThat(first.decision().promote()).as(first.decision().reason()).isTrue();
        assertThat(first.bundle().metadata().backtestMetrics()).containsKeys("mase", "seasonal_naive_mase");

        // an unseen test on fresh series of the same process: the model still beats seasonal naive
        ServingModel champion = ServingModel.load(first.bundle(), KernelKind.JAVA);
        List<SeriesHistory> fresh = SyntheticSeries.generate(8, 700, 99);
        BaselineComparison.Result unseen = Backtester.run(fresh, SETTINGS, champion, 200);
        assertThat(unseen.model().mase()).isLessThan(unseen.seasonalNaive().mase());

        // the champion against itself cannot beat itself by the 2 % margin
        BaselineComparison.Result again = Backtester.run(histories, SETTINGS, champion, 48);
        PromotionGate.Decision self = PromotionGate.decide(again.model().mase(), again.model().mase(), Double.NaN,
                again.seasonalNaive().mase(), 0.02);
        assertThat(self.promote()).isFalse();
        assertThat(self.reason()).contains("does not beat champion");
    }
}
