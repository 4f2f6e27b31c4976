package io.streamcast.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.trainer.backtest.PromotionGate.Decision;
import io.streamcast.trainer.backtest.PromotionGate.Evidence;
import io.streamcast.trainer.backtest.PromotionGate.Outcome;
import org.junit.jupiter.api.Test;

class PromotionGateTest {
    private static final double MARGIN = 0.02;

    /** A paired comparison with the given improvement and standard error (z = improvement / se). */
    private static PairedComparison paired(double improvement, double se) {
        return new PairedComparison(improvement, improvement / 0.9, se, 10, 80);
    }

    private static Decision noChampion(double candidate, double baseline, PairedComparison vsBaseline) {
        return PromotionGate.decide(new Evidence(candidate, 1.0, baseline, Double.NaN, vsBaseline, null, null),
                MARGIN);
    }

    private static Decision withChampion(double candidate, double baseline, double champion,
                                         PairedComparison vsBaseline, PairedComparison championVsBaseline) {
        return PromotionGate.decide(new Evidence(candidate, 1.0, baseline, champion, vsBaseline,
                paired(champion - candidate, 0.01), championVsBaseline), MARGIN);
    }

    @Test
    void promotesACandidateThatBeatsSeasonalNaiveAndTheBaselineBeyondTheNoise() {
        Decision d = noChampion(0.80, 0.90, paired(0.10, 0.02)); // z = 5
        assertThat(d.outcome()).isEqualTo(Outcome.PROMOTE);
        assertThat(d.reason()).contains("beats the baseline 0.9000 by 0.1000", "confidence 100.0 %", "no champion");
    }

    @Test
    void refusesAnImprovementOnTheBaselineWithinTheNoise() {
        // 1.1 % better than the baseline, as in a demo round that used to be promoted, but z = 1 (84 %)
        Decision d = noChampion(0.89, 0.90, paired(0.01, 0.01));
        assertThat(d.outcome()).isEqualTo(Outcome.REFUSE);
        assertThat(d.reason()).contains("within the backtest's noise", "confidence 84.1 %");
        // just beyond: z = 1.7 > 1.645
        assertThat(noChampion(0.89, 0.90, paired(0.017, 0.01)).promote()).isTrue();
    }

    @Test
    void refusesWhatDoesNotBeatSeasonalNaiveOrTheBaseline() {
        assertThat(noChampion(1.0, 1.1, paired(0.1, 0.001)).reason()).contains("does not beat seasonal naive");
        assertThat(noChampion(1.1, 1.2, paired(0.1, 0.001)).outcome()).isEqualTo(Outcome.REFUSE);
        Decision worse = noChampion(0.90, 0.85, paired(-0.05, 0.01)); // naive serves better on a random walk
        assertThat(worse.outcome()).isEqualTo(Outcome.REFUSE);
        assertThat(worse.reason()).contains("does not beat the baseline 0.8500");
        assertThat(noChampion(Double.NaN, 0.9, paired(Double.NaN, Double.NaN)).reason()).contains("not finite");
    }

    @Test
    void aChampionAheadOfTheBaselineMustBeBeatenByTheMargin() {
        PairedComparison championAhead = paired(0.05, 0.01);
        assertThat(withChampion(0.80, 0.90, 0.85, paired(0.10, 0.01), championAhead).promote()).isTrue(); // < 0.833
        Decision close = withChampion(0.84, 0.90, 0.85, paired(0.06, 0.01), championAhead); // only 1.2 % better
        assertThat(close.outcome()).isEqualTo(Outcome.REFUSE);
        assertThat(close.reason()).contains("does not beat champion 0.8500 by 2.0 %");
    }

    @Test
    void aChampionBehindTheBaselineIsRetiredWhenTheCandidateIsRefused() {
        PairedComparison championBehind = paired(-0.01, 0.02); // behind, even if not beyond noise
        Decision d = withChampion(0.93, 0.90, 0.91, paired(-0.03, 0.01), championBehind);
        assertThat(d.outcome()).isEqualTo(Outcome.RETIRE);
        assertThat(d.retire()).isTrue();
        assertThat(d.promote()).isFalse();
        assertThat(d.reason()).startsWith("champion MASE 0.9100 fell behind the baseline 0.9000 by 0.0100")
                .contains("retired, the baseline serves", "does not beat the baseline");
        // the same candidate against a champion still ahead of the baseline: refused, the champion stays
        assertThat(withChampion(0.93, 0.90, 0.89, paired(-0.03, 0.01), paired(0.01, 0.02)).outcome())
                .isEqualTo(Outcome.REFUSE);
    }

    @Test
    void aChampionBehindTheBaselineIsNoHurdle() {
        // beats the baseline beyond noise, but not the (worse) champion by the margin: it replaces the champion
        Decision d = withChampion(0.880, 0.90, 0.895, paired(0.02, 0.005), paired(-0.005, 0.01));
        assertThat(d.outcome()).isEqualTo(Outcome.PROMOTE);
        assertThat(d.reason()).contains("replaces champion 0.8950, which fell behind the baseline");
    }
}
