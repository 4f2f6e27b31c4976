package io.streamcast.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.LstmSpec;
import io.streamcast.core.model.Transform;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.SyntheticSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LstmTrainerTest {
    private static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(6).window(48).season(24)
            .maxGapFill(3).build();
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
        LstmTrainer.Result r = train(TrainerSettings.defaults().withBatchSize(32).withPasses(1, 5).withMinUpdates(0),
                progress);
        assertThat(r.sequences()).isEqualTo(368);
        assertThat(r.updates()).isEqualTo(12); // one pass
        assertThat(r.epochs()).isEqualTo(1);
        // validated after updates 5 and 10 of the pass (and once more on the last 2, which prints nothing)
        assertThat(progress).hasSize(3);
        assertThat(progress.get(0)).isEqualTo("training on 368 sequences of 16 series (16 validation series), "
                + "batch 32, at most 12 updates or 300 s");
        assertThat(progress.get(1)).startsWith("update 5/12 (pass 0.4)");
        assertThat(progress.get(2)).startsWith("update 10/12 (pass 0.8)");
        assertThat(r.validationLoss()).isLessThan(r.initialLoss());
    }

    @Test
    void withFewSequencesTheModelIsValidatedEvery25UpdatesNotAfterEveryShortPass() {
        List<String> progress = new ArrayList<>();
        LstmTrainer.Result r = train(TrainerSettings.defaults().withBatchSize(32).withPasses(5, 25).withMinUpdates(0)
                .withPatience(1000), progress);
        assertThat(r.updates()).isEqualTo(60);
        assertThat(progress).hasSize(3); // every 25 updates, not every 12 (and the last 10 silently at the end)
        assertThat(progress.get(1)).startsWith("update 25/60 (pass 2.1)");
        assertThat(progress.get(2)).startsWith("update 50/60 (pass 4.2)");
    }

    @Test
    void largeDataTrainsOnLargeMinibatchesAndSmallDataOnAnEighthOfItsSequencesButNoFewerThan32() {
        TrainerSettings defaults = TrainerSettings.defaults();
        assertThat(defaults.batchSize()).isEqualTo(256);
        assertThat(defaults.batchFor(10_147)).isEqualTo(256); // M4 Hourly's sequences
        assertThat(defaults.batchFor(368)).isEqualTo(46);
        assertThat(defaults.batchFor(90)).isEqualTo(32);
        assertThat(defaults.batchFor(3)).isEqualTo(32); // drawn with replacement
        assertThat(defaults.withBatchSize(16).batchFor(1_000)).isEqualTo(16); // a configured batch below 32 holds
    }

    @Test
    void aSpentBudgetStillMakesTheFirstUpdate() {
        LstmTrainer.Result r = new LstmTrainer(SETTINGS, TrainerSettings.defaults().withMaxTrainTime(Duration.ZERO)
                .withValidationPoints(48)).train(HISTORIES, null, null);
        assertThat(r.updates()).isEqualTo(1);
        assertThat(r.epochs()).isZero();
    }

    @Test
    void onASmallDataSetTrainingGoesOnToMinUpdatesBeyondMaxEpochsPasses() {
        // 2 series of 300 points: 7 sequences each, 14 in all, one update a pass
        List<SeriesHistory> small = SyntheticSeries.generate(2, 300, 3);
        List<String> progress = new ArrayList<>();
        LstmTrainer.Result r = new LstmTrainer(SETTINGS, TrainerSettings.defaults().withPasses(1, 25)
                .withMinUpdates(30).withPatience(1000).withValidationPoints(48)
                .withMaxTrainTime(Duration.ofMinutes(5))).train(small, null, progress::add);
        assertThat(r.sequences()).isEqualTo(14);
        assertThat(r.updates()).isEqualTo(30);
        assertThat(r.epochs()).isEqualTo(30);
        assertThat(progress.get(0)).isEqualTo("training on 14 sequences of 2 series (2 validation series), "
                + "batch 32, at most 30 updates or 300 s");
        assertThat(progress).hasSize(2).last().asString().startsWith("update 25/30 (pass 25.0)");
    }

    @Test
    void minibatchesDrawEverySeriesAlikeHoweverManySequencesItHas() {
        // one series 20 times as long as the 5 others: 577 of the 692 training sequences, 83 %
        List<SeriesHistory> histories = new ArrayList<>(SyntheticSeries.generate(5, 700, 1));
        SeriesHistory longOne = SyntheticSeries.generate(1, 14_000, 2).get(0);
        histories.add(2, new SeriesHistory("long", longOne.timestamps(), longOne.values()));
        SeriesWeightedSampler sampler = new LstmTrainer(SETTINGS, TrainerSettings.defaults().withValidationPoints(48))
                .cut(histories).sampler();
        assertThat(sampler.series()).isEqualTo(6);
        assertThat(sampler.sequences()).isEqualTo(5 * 23 + 577);

        int[] drawn = new int[6];
        Random random = new Random(7);
        int draws = 60_000;
        for (int i = 0; i < draws; i++) {
            drawn[sampler.seriesOf(sampler.next(random))]++;
        }
        for (int s = 0; s < 6; s++) {
            assertThat((double) drawn[s] / draws).as("share of series %d", s).isCloseTo(1.0 / 6, within(0.01));
        }
    }

    @Test
    void aSeriesIsDrawnFromAllItsSequences() {
        SeriesWeightedSampler sampler = new SeriesWeightedSampler(new int[] {3, 1, 4});
        int[] drawn = new int[8];
        Random random = new Random(11);
        for (int i = 0; i < 24_000; i++) {
            drawn[sampler.next(random)]++;
        }
        // series 0: 1/3 over 3 sequences, series 1: 1/3 on its one, series 2: 1/3 over 4
        double[] expected = {1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 3, 1.0 / 12, 1.0 / 12, 1.0 / 12, 1.0 / 12};
        for (int k = 0; k < 8; k++) {
            assertThat(drawn[k] / 24_000.0).as("share of sequence %d", k).isCloseTo(expected[k], within(0.01));
        }
        assertThat(sampler.seriesOf(0)).isZero();
        assertThat(sampler.seriesOf(2)).isZero();
        assertThat(sampler.seriesOf(3)).isEqualTo(1);
        assertThat(sampler.seriesOf(4)).isEqualTo(2);
        assertThat(sampler.seriesOf(7)).isEqualTo(2);
    }

    @Test
    void weightedSeriesAreDrawnInProportionToTheirWeights() {
        SeriesWeightedSampler sampler = new SeriesWeightedSampler(new int[] {2, 5}, new double[] {1, 3});
        int[] drawn = new int[2];
        Random random = new Random(13);
        for (int i = 0; i < 40_000; i++) {
            drawn[sampler.seriesOf(sampler.next(random))]++;
        }
        assertThat(drawn[0] / 40_000.0).isCloseTo(0.25, within(0.01));
        assertThat(drawn[1] / 40_000.0).isCloseTo(0.75, within(0.01));
        assertThatThrownBy(() -> new SeriesWeightedSampler(new int[] {1}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inLogSpaceASeriesThatMovesMoreRelativelyIsDrawnMoreAsTheRelativeWeightSays() {
        // two positive daily cycles: +-10 % and +-50 % of their level, so log scales about 1 : 5
        List<SeriesHistory> histories = new ArrayList<>();
        for (double amplitude : new double[] {0.1, 0.5}) {
            int n = 700;
            long[] ts = new long[n];
            float[] ys = new float[n];
            for (int t = 0; t < n; t++) {
                ts[t] = 1_483_315_200_000L + t * 3_600_000L;
                ys[t] = (float) (100 * (1 + amplitude * Math.sin(2 * Math.PI * t / 24)));
            }
            histories.add(new SeriesHistory("a" + amplitude, ts, ys));
        }
        TrainerSettings log = TrainerSettings.defaults().withValidationPoints(48)
                .withTransform(Transform.LOG).withRelativeWeight(0.5);
        LstmTrainer.Sequences cut = new LstmTrainer(SETTINGS, log).cut(histories);
        double small = cut.training().get(0).trace().scale(300);
        double large = cut.training().get(cut.training().size() - 1).trace().scale(300);
        assertThat(large / small).isGreaterThan(3);
        // weights 1 - w + w * scale / median: the median of two is the larger here, so 0.5 + 0.5 * small/large and 1
        double expectedSmall = (0.5 + 0.5 * small / large) / (0.5 + 0.5 * small / large + 1);
        int[] drawn = new int[2];
        Random random = new Random(17);
        for (int i = 0; i < 40_000; i++) {
            drawn[cut.sampler().seriesOf(cut.sampler().next(random))]++;
        }
        assertThat(drawn[0] / 40_000.0).isCloseTo(expectedSmall, within(0.015));
        // in the series' units the same series are drawn alike
        LstmTrainer.Sequences plain = new LstmTrainer(SETTINGS, log.withTransform(
                Transform.NONE)).cut(histories);
        int first = 0;
        for (int i = 0; i < 40_000; i++) {
            first += plain.sampler().seriesOf(plain.sampler().next(random)) == 0 ? 1 : 0;
        }
        assertThat(first / 40_000.0).isCloseTo(0.5, within(0.015));
    }

    /**
     * Why a label mask may hold only 0 and 1: for an RNN output layer DL4J multiplies the outputs themselves by the
     * mask, not only the loss, so a point weighted 2 is trained to half the correction the network then serves
     * unweighted. That bug cost M4 Hourly 0.09 MASE (docs/accuracy.md). If DL4J ever stops doing this, weights may go
     * back into the mask.
     */
    @Test
    void dl4jMultipliesAnRnnOutputLayersOutputsByTheLabelMask() {
        MultiLayerNetwork net = LstmNetworks.create(new LstmSpec(2, new int[] {4}, 3, 7), 1e-3);
        INDArray input = Nd4j.rand(new long[] {1, 2, 5});
        INDArray plain = net.output(input, false, null, Nd4j.ones(1, 5));
        INDArray weighted = net.output(input, false, null, Nd4j.ones(1, 5).muli(2));
        assertThat(plain.sumNumber().doubleValue()).isNotZero();
        assertThat(weighted.sub(plain.mul(2)).amaxNumber().doubleValue()).isLessThan(1e-6);
    }

    @Test
    void labelMasksAreZeroOrOneEvenWhereSeriesAreWeighted() {
        LstmTrainer trainer = new LstmTrainer(SETTINGS, TrainerSettings.defaults().withTransform(Transform.LOG)
                .withRelativeWeight(1).withValidationPoints(48));
        INDArray mask = trainer.trainingLabelMask(HISTORIES);
        double ones = mask.sumNumber().doubleValue();
        assertThat(ones).isPositive();
        assertThat(mask.mul(mask).sumNumber().doubleValue()).as("sum of squares equals sum only for 0/1").isEqualTo(ones);
        assertThat(mask.minNumber().doubleValue()).isZero();
        assertThat(mask.maxNumber().doubleValue()).isEqualTo(1.0);
    }
}
