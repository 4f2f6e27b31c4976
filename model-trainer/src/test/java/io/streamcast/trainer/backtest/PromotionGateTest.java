package io.streamcast.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromotionGateTest {

    @Test
    void promotesOnlyWhatBeatsSeasonalNaiveAndTheChampionByTheMargin() {
        assertThat(PromotionGate.decide(0.9, Double.NaN, Double.NaN, 1.0, 0.02).promote()).isTrue();
        assertThat(PromotionGate.decide(1.0, Double.NaN, Double.NaN, 1.0, 0.02).promote()).isFalse();
        assertThat(PromotionGate.decide(1.1, Double.NaN, Double.NaN, 1.0, 0.02).reason()).contains("seasonal naive");
        // better than seasonal naive but not than the baseline that serves (naive, on a random walk)
        assertThat(PromotionGate.decide(0.9, Double.NaN, 0.85, 1.0, 0.02).promote()).isFalse();
        assertThat(PromotionGate.decide(0.9, Double.NaN, 0.85, 1.0, 0.02).reason()).contains("baseline");
        assertThat(PromotionGate.decide(0.80, 0.85, 0.9, 1.0, 0.02).promote()).isTrue(); // 0.80 < 0.833
        assertThat(PromotionGate.decide(0.84, 0.85, 0.9, 1.0, 0.02).promote()).isFalse(); // only 1.2 % better
        assertThat(PromotionGate.decide(0.84, 0.85, 0.9, 1.0, 0.02).reason()).contains("champion");
        assertThat(PromotionGate.decide(Double.NaN, 0.85, 0.9, 1.0, 0.02).promote()).isFalse();
    }
}
