package io.streamcast.core.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.accuracy.BaselineComparison.Scoring;
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

    @Test
    void msisNrmseAndCoverageByStepFollowTheirDefinitions() {
        // nominal coverage 0.8: alpha 0.2, so 2/alpha = 10 per unit outside the interval
        BaselineComparison comparison = new BaselineComparison(2, 1, new Scoring(0.8, 0, false));
        int a = comparison.add("a", new double[] {10, 12, 11, 13, 15}, 2.0);
        int b = comparison.add("b", new double[] {20, 20, 26, 22}, 4.0);
        // a after x[1]: actuals [11, 13]
        //   step 1: 11 in [10, 14]                     IS = 4
        //   step 2: 13 above [9, 12] by 1              IS = 3 + 10 * 1 = 13
        comparison.score(a, 1, forecast(new double[] {12, 12}, 10, 14, 9, 12));
        // a after x[2]: actuals [13, 15]
        //   step 1: 13 in [12.5, 13.5]                 IS = 1
        //   step 2: 15 below [15.5, 16] by 0.5         IS = 0.5 + 10 * 0.5 = 5.5
        comparison.score(a, 2, forecast(new double[] {13.2, 15.8}, 12.5, 13.5, 15.5, 16));
        // b after x[1]: actuals [26, 22]
        //   step 1: 26 above [19, 23] by 3             IS = 4 + 10 * 3 = 34
        //   step 2: 22 in [20, 24]                     IS = 4
        comparison.score(b, 1, forecast(new double[] {21, 23}, 19, 23, 20, 24));

        BaselineComparison.Result result = comparison.result();
        // MSIS per series: mean IS over its points, over its scale; then the mean over series (as MASE)
        //   a: (4 + 13 + 1 + 5.5) / 4 / 2 = 2.9375     b: (34 + 4) / 2 / 4 = 4.75     mean 3.84375
        assertThat(result.modelPerSeries().get(0).msis()).isCloseTo(2.9375, within(EPS));
        assertThat(result.modelPerSeries().get(1).msis()).isCloseTo(4.75, within(EPS));
        assertThat(result.model().msis()).isCloseTo(3.84375, within(EPS));
        assertThat(result.naive().msis()).isNaN(); // no intervals

        // per step, pooled over every (series, origin); NRMSE over the deviation of every value of both series
        // (htmresearch's definition): 9 values, sum 61 + 88 = 149, sum of squares 759 + 1960 = 2719, population
        // variance (9 * 2719 - 149^2) / 81 = 2270 / 81, std sqrt(2270) / 9 = 5.2939
        //   step 1: actuals [11, 13, 26], errors [-1, -0.2, 5]: MAE 6.2/3, RMSE sqrt(26.04/3) = 2.9462,
        //     NRMSE 2.9462 / 5.2939 = 0.5565; inside: 11 yes, 13 yes, 26 no: 2/3
        //   step 2: actuals [13, 15, 22], errors [1, -0.8, -1]: MAE 2.8/3, RMSE sqrt(2.64/3) = 0.9381,
        //     NRMSE 0.9381 / 5.2939 = 0.1772; inside: 13 no, 15 no, 22 yes: 1/3
        List<StepErrors.Step> steps = result.modelPerStep();
        assertThat(steps).extracting(StepErrors.Step::step).containsExactly(1, 2);
        assertThat(steps).extracting(StepErrors.Step::points).containsExactly(3L, 3L);
        assertThat(steps.get(0).mae()).isCloseTo(6.2 / 3, within(EPS));
        assertThat(steps.get(0).rmse()).isCloseTo(Math.sqrt(26.04 / 3), within(EPS));
        assertThat(steps.get(0).nrmse()).isCloseTo(Math.sqrt(26.04 / 3) / (Math.sqrt(2270) / 9), within(EPS))
                .isCloseTo(0.5565, within(5e-5));
        assertThat(steps.get(0).coverage()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(steps.get(1).mae()).isCloseTo(2.8 / 3, within(EPS));
        assertThat(steps.get(1).rmse()).isCloseTo(Math.sqrt(2.64 / 3), within(EPS));
        assertThat(steps.get(1).nrmse()).isCloseTo(Math.sqrt(2.64 / 3) / (Math.sqrt(2270) / 9), within(EPS))
                .isCloseTo(0.1772, within(5e-5));
        assertThat(steps.get(1).coverage()).isCloseTo(1.0 / 3, within(EPS));
    }

    @Test
    void withAFirstScoredIndexOnlyTargetsFromThereOnAreScoredForTheModelAndTheBaselines() {
        // H = 3, m = 2; targets at index 4 or later; the model always says 10 within [0, 100]
        BaselineComparison comparison = new BaselineComparison(3, 2, new Scoring(0.9, 4, true));
        int a = comparison.add("a", new double[] {1, 2, 4, 7, 11, 16, 22}, 1.0);
        Forecast tens = forecast(new double[] {10, 10, 10}, 0, 100, 0, 100, 0, 100);
        assertThat(comparison.score(a, 0, tens)).isFalse(); // targets 1..3: none scored
        assertThat(comparison.score(a, 1, tens)).isTrue();  // targets 2..4: step 3 only (x[4] = 11)
        assertThat(comparison.score(a, 2, tens)).isTrue();  // targets 3..5: steps 2, 3 (11, 16)
        assertThat(comparison.score(a, 3, tens)).isTrue();  // targets 4..6: all (11, 16, 22)
        BaselineComparison.Result result = comparison.result();
        assertThat(result.origins()).isEqualTo(3);

        // each scored point weighs the same: the model's errors 1 | 1, 6 | 1, 6, 12 -> MAE 27/6
        MetricSummary.PerSeries model = result.modelPerSeries().get(0);
        assertThat(model.mae()).isCloseTo(27.0 / 6, within(EPS));
        assertThat(model.smape()).isCloseTo(200.0 / 6 * (3 * 1.0 / 21 + 2 * 6.0 / 26 + 12.0 / 32), within(EPS));
        assertThat(model.coverage()).isEqualTo(1.0);
        // naive repeats x[o] = 2 | 4, 4 | 7, 7, 7: errors 9 | 7, 12 | 4, 9, 15 -> 56/6
        assertThat(result.naivePerSeries().get(0).mae()).isCloseTo(56.0 / 6, within(EPS));
        // seasonal naive (m = 2) repeats [x0, x1] = 1, 2, 1 | [x1, x2] = 2, 4, 2 | [x2, x3] = 4, 7, 4 on the same
        // targets: errors 10 | 7, 14 | 7, 9, 18 -> 65/6
        assertThat(result.seasonalNaivePerSeries().get(0).mae()).isCloseTo(65.0 / 6, within(EPS));
        // Naive2 on the same targets: fewer than 3 seasons before every origin, so it is naive here
        assertThat(result.naive2PerSeries().get(0).mae()).isCloseTo(56.0 / 6, within(EPS));
        assertThat(result.naive2().mase()).isCloseTo(56.0 / 6, within(EPS));

        // by step: step 1 only from origin 3 (x[4] = 11), step 2 from origins 2 and 3, step 3 from all three
        assertThat(result.modelPerStep()).extracting(StepErrors.Step::points).containsExactly(1L, 2L, 3L);
        assertThat(result.modelPerStep().get(0).mae()).isEqualTo(1.0);
        assertThat(result.modelPerStep().get(1).mae()).isEqualTo(3.5); // |11-10|, |16-10|
        assertThat(result.modelPerStep().get(2).mae()).isCloseTo(19.0 / 3, within(EPS)); // 1, 6, 12
    }

    @Test
    void withoutAFirstScoredIndexEveryFullOriginCountsAsAWhole() {
        // the same forecasts as above, every target scored: origin 0 counts too, and each origin as one
        BaselineComparison comparison = new BaselineComparison(3, 2, new Scoring(0.9, 0, false));
        int a = comparison.add("a", new double[] {1, 2, 4, 7, 11, 16, 22}, 1.0);
        Forecast tens = forecast(new double[] {10, 10, 10}, 0, 100, 0, 100, 0, 100);
        for (int o = 0; o <= 3; o++) {
            assertThat(comparison.score(a, o, tens)).isTrue();
        }
        // per-origin MAE: (8+6+3)/3, (6+3+1)/3, (3+1+6)/3, (1+6+12)/3 -> mean (17+10+10+19)/12 = 56/12
        BaselineComparison.Result result = comparison.result();
        assertThat(result.modelPerSeries().get(0).mae()).isCloseTo(56.0 / 12, within(EPS));
        assertThat(result.naive2()).isNull();
        assertThat(result.naive2PerSeries()).isEmpty();
    }

    @Test
    void owaIsHalfTheSumOfTheRatiosOfTheAveragedFiguresToNaive2s() {
        MetricSummary model = new MetricSummary(1, 12, 0.9, 0.9, 5);
        MetricSummary naive2 = new MetricSummary(2, 16, 1.2, Double.NaN, Double.NaN);
        // (12/16 + 0.9/1.2) / 2 = (0.75 + 0.75) / 2
        assertThat(model.owa(naive2)).isCloseTo(0.75, within(EPS));
        assertThat(naive2.owa(naive2)).isEqualTo(1.0);
    }
}
