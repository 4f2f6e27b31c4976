package io.streamcast.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.accuracy.MetricSummary;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.testing.TestModels;
import io.streamcast.trainer.backtest.Backtest;
import io.streamcast.trainer.backtest.PairedComparison;
import io.streamcast.trainer.backtest.PromotionGate;
import io.streamcast.trainer.training.LstmTrainer;
import io.streamcast.trainer.training.ModelTrainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decision records as model-decisions carries them (docs/trainer.md): every key, its place and its value
 * type, pinned as the exact JSON, since the decisions topic's readers depend on it.
 */
class DecisionRecordTest {
    private static Backtest backtest(double mase, double coverage) {
        MetricSummary m = new MetricSummary(0.5, 12.5, mase, coverage, 3.25);
        return new Backtest(new BaselineComparison.Result(m, new MetricSummary(0.75, 14.0, 1.25, Double.NaN,
                Double.NaN), new MetricSummary(0.625, 13.0, 1.0, Double.NaN, Double.NaN), List.of(), List.of(),
                List.of(), null, List.of(), List.of(), 96), new double[0][]);
    }

    private static ModelTrainer.Round promotedRound() {
        PromotionGate.Evidence evidence = new PromotionGate.Evidence(0.75, 1.0, 1.0, 0.875,
                new PairedComparison(0.25, 0.25, 0.05, 4, 32), new PairedComparison(0.125, Double.NaN, 0.0625, 4, 32),
                null);
        return new ModelTrainer.Round(TestModels.bundle(ForecastSettings.defaults(), "built-v", 1),
                new PromotionGate.Decision(PromotionGate.Outcome.PROMOTE, "candidate beats the champion"),
                backtest(0.75, 0.875), backtest(0.875, Double.NaN), backtest(1.0, 0.5), evidence,
                new LstmTrainer.Result(null, 3, 120, 0.1, 0.2, 500, 1.5), 0.75);
    }

    private static String json(ModelDecision decision) throws Exception {
        return TrainerJson.MAPPER.writeValueAsString(decision).replaceFirst("\"ts\":\"[^\"]+\"", "\"ts\":\"T\"");
    }

    @Test
    void aRoundsDecisionHasEveryFigureInItsPlaceAndNonFiniteFiguresAreNull() throws Exception {
        DecisionRecord decision = DecisionRecord.of("m", "default", "host/1-1", promotedRound(), "v2", "v1");

        assertThat(json(decision)).isEqualTo("{\"ts\":\"T\",\"model_name\":\"m\",\"group\":\"default\","
                + "\"trainer\":\"host/1-1\",\"candidate_version\":\"v2\",\"champion_version\":\"v1\","
                + "\"decision\":\"promote\",\"reason\":\"candidate beats the champion\","
                + "\"candidate\":{\"mase\":0.75,\"smape\":12.5,\"mae\":0.5,\"coverage\":0.875},"
                + "\"seasonal_naive\":{\"mase\":1.0,\"smape\":13.0,\"mae\":0.625,\"coverage\":null},"
                + "\"naive\":{\"mase\":1.25,\"smape\":14.0,\"mae\":0.75,\"coverage\":null},"
                + "\"origins\":96,\"blend\":0.75,\"epochs\":3,\"updates\":120,\"train_seconds\":1.5,"
                + "\"champion\":{\"mase\":0.875,\"smape\":12.5,\"mae\":0.5,\"coverage\":null},"
                + "\"baseline\":{\"mase\":1.0,\"smape\":12.5,\"mae\":0.5,\"coverage\":0.5},"
                + "\"candidate_vs_baseline\":{\"improvement\":0.25,\"relative\":0.25,\"standard_error\":0.05,"
                + "\"confidence\":" + new PairedComparison(0.25, 0.25, 0.05, 4, 32).confidence()
                + ",\"series\":4,\"blocks\":32},"
                + "\"candidate_vs_champion\":{\"improvement\":0.125,\"relative\":null,\"standard_error\":0.0625,"
                + "\"confidence\":" + new PairedComparison(0.125, Double.NaN, 0.0625, 4, 32).confidence()
                + ",\"series\":4,\"blocks\":32}}");
    }

    @Test
    void aRoundWithoutACandidateHasTheVersionsAsNullAndNoFigures() throws Exception {
        ModelTrainer.Round refused = new ModelTrainer.Round(null,
                new PromotionGate.Decision(PromotionGate.Outcome.REFUSE, "not enough history"), null, null, null,
                null, null, 0);

        assertThat(json(DecisionRecord.of("m", "sensors", "t", refused, "v2", null))).isEqualTo(
                "{\"ts\":\"T\",\"model_name\":\"m\",\"group\":\"sensors\",\"trainer\":\"t\","
                        + "\"candidate_version\":null,\"champion_version\":null,\"decision\":\"refuse\","
                        + "\"reason\":\"not enough history\"}");
    }

    @Test
    void aRoundThatWasNotPublishedSaysSoLast() throws Exception {
        ModelTrainer.Round refused = new ModelTrainer.Round(null,
                new PromotionGate.Decision(PromotionGate.Outcome.REFUSE, "not enough history"), null, null, null,
                null, null, 0);

        assertThat(json(DecisionRecord.of("m", "default", "t", refused, "v2", "v1").unpublished())).isEqualTo(
                "{\"ts\":\"T\",\"model_name\":\"m\",\"group\":\"default\",\"trainer\":\"t\","
                        + "\"candidate_version\":null,\"champion_version\":\"v1\",\"decision\":\"refuse\","
                        + "\"reason\":\"not enough history\",\"published\":false}");
    }

    @Test
    void aDirectPublicationHasNoChampionVersionNorFigures() throws Exception {
        assertThat(json(PublicationRecord.direct("m", "default", "t", "v3"))).isEqualTo(
                "{\"ts\":\"T\",\"model_name\":\"m\",\"group\":\"default\",\"trainer\":\"t\","
                        + "\"candidate_version\":\"v3\",\"decision\":\"publish\","
                        + "\"reason\":\"published directly, not by a training round\"}");
    }

    @Test
    void aRepublishedChampionSaysWhyInItsReason() throws Exception {
        assertThat(json(PublicationRecord.republished("m", "default", "t", "v1"))).isEqualTo(
                "{\"ts\":\"T\",\"model_name\":\"m\",\"group\":\"default\",\"trainer\":\"t\","
                        + "\"candidate_version\":\"v1\",\"decision\":\"publish\",\"reason\":\"republished: "
                        + "model-updates held neither the champion nor a newer trusted bundle (a tombstone, a forged "
                        + "or a replayed old bundle on top)\"}");
    }
}
