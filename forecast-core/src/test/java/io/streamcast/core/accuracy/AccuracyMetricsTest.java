package io.streamcast.core.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AccuracyMetricsTest {

    @Test
    void maeIsTheMeanAbsoluteError() {
        // |10-12| + |20-17| + |30-30| = 5 over 3
        assertThat(AccuracyMetrics.mae(new double[] {10, 20, 30}, new double[] {12, 17, 30}))
                .isCloseTo(5.0 / 3, within(1e-12));
    }

    @Test
    void smapeFollowsM4() {
        // 200/2 * (|100-110|/210 + |50-40|/90) = 100 * (0.047619.. + 0.111111..) = 15.873015..
        assertThat(AccuracyMetrics.smape(new double[] {100, 50}, new double[] {110, 40}))
                .isCloseTo(100 * (10.0 / 210 + 10.0 / 90), within(1e-9));
    }

    @Test
    void smapeTermWithBothZeroCountsAsZeroNotNaN() {
        // 200/2 * (0 + |2-0|/(2+0)) = 100
        assertThat(AccuracyMetrics.smape(new double[] {0, 2}, new double[] {0, 0})).isEqualTo(100.0);
    }

    @Test
    void seasonalNaiveScaleUsesSeasonLag() {
        // season 2: |3-1| + |4-2| + |7-3| = 8 over 3
        double[] insample = {1, 2, 3, 4, 7};
        assertThat(AccuracyMetrics.seasonalNaiveScale(insample, 2)).isCloseTo(8.0 / 3, within(1e-12));
        // season 1: |1|+|1|+|1|+|3| = 6 over 4
        assertThat(AccuracyMetrics.seasonalNaiveScale(insample, 1)).isCloseTo(1.5, within(1e-12));
        assertThat(AccuracyMetrics.seasonalNaiveScale(new double[] {1, 2}, 2)).isNaN();
    }

    @Test
    void maseIsMaeOverTheSeasonalNaiveScale() {
        double[] insample = {1, 2, 3, 4, 7}; // scale 8/3 at m = 2
        double[] actual = {8, 9};
        double[] forecast = {6, 10}; // MAE 1.5
        assertThat(AccuracyMetrics.mase(insample, actual, forecast, 2)).isCloseTo(1.5 / (8.0 / 3), within(1e-12));
    }

    @Test
    void coverageCountsActualsInsideInclusiveBounds() {
        double[] actual = {1, 2, 3, 4};
        double[] lower = {0, 2, 3.5, 0};
        double[] upper = {2, 2, 5, 3};
        // 1 in [0,2], 2 in [2,2], 3 not in [3.5,5], 4 not in [0,3]
        assertThat(AccuracyMetrics.coverage(actual, lower, upper)).isEqualTo(0.5);
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThatThrownBy(() -> AccuracyMetrics.mae(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void intervalScoreIsTheWidthPlusTwoOverAlphaTimesTheMiss() {
        // alpha 0.05 (95 % intervals): 2/alpha = 40 per unit outside
        assertThat(AccuracyMetrics.intervalScore(5, 4, 7, 0.05)).isEqualTo(3.0);            // inside: the width
        assertThat(AccuracyMetrics.intervalScore(7, 4, 7, 0.05)).isEqualTo(3.0);            // on the bound: inside
        assertThat(AccuracyMetrics.intervalScore(3.5, 4, 7, 0.05)).isCloseTo(3 + 40 * 0.5, within(1e-12));
        assertThat(AccuracyMetrics.intervalScore(9, 4, 7, 0.05)).isCloseTo(3 + 40 * 2, within(1e-12));
    }
}
