package io.streamcast.core.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineComparisonTest {
    private static final double EPS = 1e-12;

    /** A forecast of the given means with intervals [lower, upper] (pairs). */
    private static Forecast forecast(double[] mean, double... bounds) {
        List<ForecastPoint> points = new ArrayList<>();
        for (int j = 0; j < mean.length; j++) {
            points.add(new ForecastPoint(j + 1, 1000L * (j + 1), mean[j], bounds[2 * j], bounds[2 * j + 1]));
        }
        return new Forecast("s", 0, "v", points);
    }

    @Test
    void scoresTheForecastAndBothBaselinesOnTheSameActualsByIndex() {
        BaselineComparison comparison = new BaselineComparison(2, 2);
        int a = comparison.add("a", new double[] {1, 3, 2, 4, 3, 5}, 2.0);

        // after x[1] = 3: actuals x[2..3] = [2, 4]; |0| + |1| -> MAE 0.5, sMAPE 100 * (1/9); 2 inside, 4 not
        assertThat(comparison.score(a, 1, forecast(new double[] {2, 5}, 1, 3, 4.5, 5.5))).isTrue();
        // after x[3] = 4: actuals [3, 5] hit exactly, both inside
        assertThat(comparison.score(a, 3, forecast(new double[] {3, 5}, 2, 4, 4, 6))).isTrue();
        // after x[4] only one actual follows: not scored
        assertThat(comparison.score(a, 4, forecast(new double[] {5, 5}, 4, 6, 4, 6))).isFalse();
        // a forecast of the wrong length is not scored either
        assertThat(comparison.score(a, 2, forecast(new double[] {4}, 3, 5))).isFalse();

        BaselineComparison.Result result = comparison.result();
        assertThat(result.origins()).isEqualTo(2);
        MetricSummary.PerSeries model = result.modelPerSeries().get(0);
        assertThat(model.seriesId()).isEqualTo("a");
        assertThat(model.mae()).isEqualTo(0.25); // (0.5 + 0) / 2
        assertThat(model.smape()).isCloseTo(50.0 / 9, within(EPS)); // (100/9 + 0) / 2
        assertThat(model.mase()).isEqualTo(0.125); // 0.25 over the caller's scale 2
        assertThat(model.coverage()).isEqualTo(0.75); // 3 of 4 points, pooled over origins

        // naive repeats x[1] = 3, then x[3] = 4: errors 1, 1 at both origins
        MetricSummary.PerSeries naive = result.naivePerSeries().get(0);
        assertThat(naive.mae()).isEqualTo(1.0);
        assertThat(naive.smape()).isCloseTo((100 * (1.0 / 5 + 1.0 / 7) + 100 * (1.0 / 7 + 1.0 / 9)) / 2, within(EPS));
        assertThat(naive.mase()).isEqualTo(0.5);
        assertThat(naive.coverage()).isNaN();

        // seasonal naive (m = 2) repeats the last season: [x0, x1] = [1, 3], then [x2, x3] = [2, 4]
        MetricSummary.PerSeries seasonal = result.seasonalNaivePerSeries().get(0);
        assertThat(seasonal.mae()).isEqualTo(1.0);
        assertThat(seasonal.smape()).isCloseTo((100 * (1.0 / 3 + 1.0 / 7) + 100 * (1.0 / 5 + 1.0 / 9)) / 2,
                within(EPS));
        assertThat(seasonal.mase()).isEqualTo(0.5);
    }

    @Test
    void averagesOverSeriesLeavingOutSeriesWithoutScoredOrigins() {
        BaselineComparison comparison = new BaselineComparison(2, 2);
        int a = comparison.add("a", new double[] {1, 3, 2, 4, 3, 5}, 2.0);
        int b = comparison.add("b", new double[] {10, 10, 10, 10}, 0.5);
        int c = comparison.add("c", new double[] {1, 2}, Double.NaN);
        comparison.score(a, 1, forecast(new double[] {2, 5}, 1, 3, 4.5, 5.5));
        comparison.score(a, 3, forecast(new double[] {3, 5}, 2, 4, 4, 6));
        // b: errors 2 and 0 -> MAE 1, MASE 1 / 0.5 = 2, sMAPE 100 * 2/22; 10 outside [11, 13], inside [9, 11]
        assertThat(comparison.score(b, 1, forecast(new double[] {12, 10}, 11, 13, 9, 11))).isTrue();
        assertThat(comparison.score(c, 0, forecast(new double[] {2, 2}, 1, 3, 1, 3))).isFalse();
        assertThat(comparison.origins()).isEqualTo(3);

        BaselineComparison.Result result = comparison.result();
        assertThat(result.modelPerSeries()).extracting(MetricSummary.PerSeries::seriesId)
                .containsExactly("a", "b", "c");
        MetricSummary.PerSeries unscored = result.modelPerSeries().get(2);
        assertThat(unscored.mae()).isNaN();
        assertThat(unscored.coverage()).isNaN();

        MetricSummary model = result.model();
        assertThat(model.mae()).isEqualTo(0.625); // (0.25 + 1) / 2, c left out
        assertThat(model.smape()).isCloseTo((50.0 / 9 + 100.0 / 11) / 2, within(EPS));
        assertThat(model.mase()).isEqualTo(1.0625); // (0.125 + 2) / 2
        assertThat(model.coverage()).isEqualTo(0.625); // (0.75 + 0.5) / 2, per series, not pooled
        // naive and seasonal naive are exact on the flat series b
        assertThat(result.naive().mae()).isEqualTo(0.5);
        assertThat(result.naive().mase()).isEqualTo(0.25);
        assertThat(result.seasonalNaive().mase()).isEqualTo(0.25);
        assertThat(result.naive().coverage()).isNaN();
    }
}
