package io.streamcast.core.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Naive2 against the M4 organisers' R code ({@code SeasonalityTest}, {@code decompose(type = "multiplicative")},
 * {@code naive(des_input, h) * SIout} of {@code Benchmarks and Evaluation.R}), run in R 4.2.2 on the same values:
 *
 * <pre>
 * x &lt;- ts(c(12, 18, 9, 15, 13, 20, 10, 16, 14, 21, 11, 17, 15, 23, 12, 18), frequency = 4)
 * SeasonalityTest(x, 4)                          # TRUE: |r_4| = 0.689271 &gt; 0.650262
 * decompose(x, type = "multiplicative")$figure   # 0.90626618952939009 1.3589741881190529 ...
 * # Naive2 for h = 6: 15.402339193599069 23.096284118935191 11.482900754240267 18 15.40... 23.09...
 * </pre>
 *
 * The expected values below are R's printed with 17 significant digits; Java sums in a different order here
 * and there, so they agree to 1e-12, not bit for bit.
 */
class Naive2Test {
    private static final double EPS = 1e-12;

    /** Rising, with a strong period-4 pattern: seasonal. */
    private static final double[] SEASONAL_4 = {12, 18, 9, 15, 13, 20, 10, 16, 14, 21, 11, 17, 15, 23, 12, 18};
    /** Period 3 (odd: a plain 3-term moving average): seasonal. */
    private static final double[] SEASONAL_3 = {5, 9, 6, 6, 10, 7, 6, 11, 8, 7, 12, 8};
    /** A trend without a period-4 pattern: |r_4| = 0.233108, under the limit 0.707221; not seasonal. */
    private static final double[] TREND = {10, 11, 13, 12, 14, 13, 15, 17, 16, 15, 17, 18, 20, 19, 18, 20};

    @Test
    void aSeasonalSeriesIsDeseasonalisedWithRsMultiplicativeIndicesAndReseasonalised() {
        Naive2 naive2 = new Naive2(SEASONAL_4, 4);
        int origin = SEASONAL_4.length - 1;
        assertThat(naive2.seasonalAt(origin)).isTrue();
        assertThat(naive2.seasonalIndicesAt(origin)).containsExactly(new double[] {0.90626618952939009,
                1.3589741881190529, 0.67564832721086066, 1.0591112951406965}, within(EPS));
        // the last value 18 sits at position 15 (index 3): 18 / 1.0591 = 16.995 deseasonalised, then times the
        // indices of positions 16, 17, ... (0, 1, 2, 3, 0, 1)
        assertThat(naive2.forecast(origin, 6)).containsExactly(new double[] {15.402339193599069,
                23.096284118935191, 11.482900754240267, 18, 15.402339193599069, 23.096284118935191}, within(EPS));
    }

    @Test
    void anOddSeasonUsesThePlainMovingAverage() {
        // R: SeasonalityTest TRUE (|r_3| = 0.642126 > 0.521510), figure 0.78025404515403152 1.3239805052987943
        // 0.89576544954717441, Naive2 6.9683781221833376 11.824349831470641 8 6.9683781221833376
        Naive2 naive2 = new Naive2(SEASONAL_3, 3);
        assertThat(naive2.seasonalIndicesAt(11)).containsExactly(new double[] {0.78025404515403152,
                1.3239805052987943, 0.89576544954717441}, within(EPS));
        assertThat(naive2.forecast(11, 4)).containsExactly(new double[] {6.9683781221833376, 11.824349831470641,
                8, 6.9683781221833376}, within(EPS));
    }

    @Test
    void aSeriesThatFailsTheSeasonalityTestGetsTheNaiveForecast() {
        Naive2 naive2 = new Naive2(TREND, 4);
        assertThat(naive2.seasonalAt(15)).isFalse();
        assertThat(naive2.forecast(15, 3)).containsExactly(20, 20, 20); // R: 20 20 20
    }

    @Test
    void fewerThanThreeSeasonsOrNoSeasonAtAllIsNotSeasonal() {
        // the first 11 values of the seasonal series: n < 3m, so the test is not even run (R's length check)
        Naive2 short4 = new Naive2(Arrays.copyOf(SEASONAL_4, 11), 4);
        assertThat(short4.seasonalAt(10)).isFalse();
        assertThat(short4.forecast(10, 2)).containsExactly(11, 11);
        // m = 1: Naive2 is naive
        assertThat(new Naive2(SEASONAL_4, 1).forecast(15, 2)).containsExactly(18, 18);
        // a constant series: the autocorrelations are 0/0, which is not seasonal (R's is.na check)
        double[] flat = new double[20];
        Arrays.fill(flat, 3);
        assertThat(new Naive2(flat, 4).forecast(19, 2)).containsExactly(3, 3);
    }

    @Test
    void eachOriginForecastsFromTheValuesUpToItWhateverWasAskedBefore() {
        Naive2 walked = new Naive2(SEASONAL_4, 4);
        double[][] forward = new double[SEASONAL_4.length][];
        for (int o = 0; o < SEASONAL_4.length; o++) {
            forward[o] = walked.forecast(o, 4);
        }
        // the running sums of the walk give what a fit on x[0..o] alone gives, at every origin
        for (int o = 0; o < SEASONAL_4.length; o++) {
            double[] alone = new Naive2(Arrays.copyOf(SEASONAL_4, o + 1), 4).forecast(o, 4);
            assertThat(forward[o]).as("origin " + o).containsExactly(alone, within(EPS));
        }
        // asking an earlier origin again starts over and still gives the same
        assertThat(walked.forecast(12, 4)).containsExactly(forward[12], within(EPS));
        // before 3 seasons (origin 11 = 12 values), naive; from there the series tests seasonal
        assertThat(forward[10]).containsExactly(11, 11, 11, 11);
        assertThat(walked.seasonalAt(15)).isTrue();
        assertThatThrownBy(() -> walked.forecast(16, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
