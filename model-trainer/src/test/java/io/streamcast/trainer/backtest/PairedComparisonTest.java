package io.streamcast.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    private static Backtest backtest(double[]... originMase) {
        return new Backtest(null, originMase);
    }

    @Test
    void identicalForecastsDifferByNothingAndWithNoConfidence() {
        Backtest a = backtest(new double[] {0.5, 0.7, 0.9, 1.1}, new double[] {1, 2});
        PairedComparison c = PairedComparison.of(a, a, 2);
        assertThat(c.improvement()).isZero();
        assertThat(c.standardError()).isZero();
        assertThat(c.confidence()).isEqualTo(0.5);
        assertThat(c.beyondNoise()).isFalse();
    }

    @Test
    void theImprovementIsTheDifferenceOfTheMaseFiguresAndTheErrorComesFromBlocksWithinEachSeries() {
        // one series, 4 origins, H = 2: blocks {0,1} and {2,3}; differences 1,1,3,3: block means 1 and 3
        Backtest better = backtest(new double[] {1, 1, 1, 1});
        Backtest worse = backtest(new double[] {2, 2, 4, 4});
        PairedComparison c = PairedComparison.of(better, worse, 2);
        assertThat(c.improvement()).isEqualTo(2.0);
        assertThat(c.relative()).isEqualTo(2.0 / 3.0);
        // k/(k-1) * sum (n_b/n)^2 (x_b - D)^2 = 2 * (0.25 * 1 + 0.25 * 1) = 1
        assertThat(c.standardError()).isCloseTo(1.0, within(1e-12));
        assertThat(c.blocks()).isEqualTo(2);
        assertThat(c.confidence()).isCloseTo(0.9772498680518208, within(1e-9)); // Φ(2)
        assertThat(c.beyondNoise()).isTrue();
        // read the other way round: as much worse, with the complementary confidence
        PairedComparison back = PairedComparison.of(worse, better, 2);
        assertThat(back.improvement()).isEqualTo(-2.0);
        assertThat(back.confidence()).isCloseTo(1 - 0.9772498680518208, within(1e-9));
        assertThat(back.beyondNoise()).isFalse();
    }

    @Test
    void averagesOverSeriesAsMaseDoesAndSkipsOriginsOneOfThemDidNotForecast() {
        Random random = new Random(7);
        double[][] a = new double[3][];
        double[][] b = new double[3][];
        for (int s = 0; s < 3; s++) {
            int n = 20 + 10 * s; // series of different lengths weigh the same
            a[s] = random.doubles(n, 0.5, 1.5).toArray();
            b[s] = random.doubles(n, 0.6, 1.6).toArray();
        }
        PairedComparison c = PairedComparison.of(backtest(a), backtest(b), 4);
        double maseA = Arrays.stream(a).mapToDouble(v -> Arrays.stream(v).average().orElseThrow()).average().orElseThrow();
        double maseB = Arrays.stream(b).mapToDouble(v -> Arrays.stream(v).average().orElseThrow()).average().orElseThrow();
        assertThat(c.improvement()).isCloseTo(maseB - maseA, within(1e-12));
        assertThat(c.series()).isEqualTo(3);
        assertThat(c.blocks()).isEqualTo(5 + 7 + 10);

        double[] withGap = {Double.NaN, 1, 1, 1};
        PairedComparison gap = PairedComparison.of(backtest(withGap), backtest(new double[] {100, 2, 2, 2}), 1);
        assertThat(gap.improvement()).isEqualTo(1.0); // the origin without a forecast is not compared
        assertThat(PairedComparison.of(backtest(new double[0]), backtest(new double[0]), 1).improvement()).isNaN();
    }

    @Test
    void theSameMeanImprovementIsNoiseWhenTheBlocksDisagreeAndSignalWhenTheyAgree() {
        double[] base = new double[96];
        Arrays.fill(base, 1.0);
        double[] steady = new double[96];
        double[] swinging = new double[96];
        for (int i = 0; i < 96; i++) {
            steady[i] = 0.98 + 0.01 * ((i / 12) % 2); // 1.5 % better, every block
            swinging[i] = (i / 12) % 2 == 0 ? 0.80 : 1.17; // 1.5 % better on average, blocks of 12 disagree
        }
        PairedComparison agree = PairedComparison.of(backtest(steady), backtest(base), 12);
        PairedComparison disagree = PairedComparison.of(backtest(swinging), backtest(base), 12);
        assertThat(agree.improvement()).isCloseTo(disagree.improvement(), within(1e-12));
        assertThat(agree.beyondNoise()).isTrue();
        assertThat(disagree.beyondNoise()).isFalse();
        assertThat(disagree.standardError()).isGreaterThan(10 * agree.standardError());
    }

    @Test
    void refusesBacktestsOfDifferentSeries() {
        assertThatThrownBy(() -> PairedComparison.of(backtest(new double[1]), backtest(new double[1], new double[1]), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
