package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.core.domain.Observation;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesForecasterTest {
    private static final long T0 = 1_404_172_800_000L; // 2014-07-01T00:00:00Z
    private static final long HOUR = 3_600_000L;

    private final ForecastSettings settings = ForecastSettings.builder().horizon(6).window(12).season(4).maxGapFill(3)
            .build();
    private final SeriesForecaster forecaster = new SeriesForecaster(settings);

    private StepOutcome feed(SeriesState s, long ts, double value) {
        return forecaster.observe(s, new Observation("s", ts, value), null);
    }

    @Test
    void firstObservationGivesANaiveForecastWithHSteps() {
        SeriesState s = forecaster.newState();
        StepOutcome out = feed(s, T0, 5.0);
        assertThat(out.kind()).isEqualTo(StepOutcome.Kind.FORECAST);
        Forecast f = out.forecast();
        assertThat(f.modelVersion()).isEqualTo(Forecast.BASELINE_VERSION);
        assertThat(f.points()).hasSize(6);
        assertThat(f.points()).allSatisfy(p -> assertThat(p.mean()).isEqualTo(5.0));
        // unknown step: targets use the default step
        assertThat(f.points().get(2).targetMillis()).isEqualTo(T0 + 3 * HOUR);
    }

    @Test
    void seasonalNaiveOnceASeasonIsKnown() {
        SeriesState s = forecaster.newState();
        double[] season = {1, 5, 9, 3};
        Forecast f = null;
        for (int i = 0; i < 8; i++) {
            f = feed(s, T0 + i * HOUR, season[i % 4] + (i >= 4 ? 10 : 0)).forecast();
            if (i == 2) {
                // 3 values, one short of a season (m = 4): naive, the last value 9 for every step
                assertThat(f.points().stream().mapToDouble(ForecastPoint::mean).toArray())
                        .containsExactly(9, 9, 9, 9, 9, 9);
            }
            if (i == 3) {
                // 4 values = one full season 1 5 9 3: step j takes the value 4*ceil(j/4) - j back, i.e. ages
                // 3 2 1 0 3 2 for j = 1..6: 1 5 9 3 1 5
                assertThat(f.points().stream().mapToDouble(ForecastPoint::mean).toArray())
                        .containsExactly(1, 5, 9, 3, 1, 5);
            }
        }
        // last season seen: 11, 15, 19, 13 (times 4..7); step j repeats the value m*ceil(j/m) back
        assertThat(f.points().stream().mapToDouble(ForecastPoint::mean).toArray())
                .containsExactly(11, 15, 19, 13, 11, 15);
        assertThat(f.points().get(0).targetMillis()).isEqualTo(T0 + 8 * HOUR);
        assertThat(f.points()).allSatisfy(p -> assertThat(p.lower()).isLessThanOrEqualTo(p.upper()));
    }

    @Test
    void duplicatesAndLateRecordsAreRecognisedAndLeaveStateAlone() {
        SeriesState s = forecaster.newState();
        feed(s, T0, 1);
        feed(s, T0 + HOUR, 2);
        assertThat(feed(s, T0 + HOUR, 99).kind()).isEqualTo(StepOutcome.Kind.DUPLICATE);
        assertThat(feed(s, T0, 99).kind()).isEqualTo(StepOutcome.Kind.LATE);
        assertThat(s.seen()).isEqualTo(2);
        assertThat(s.valueAt(0)).isEqualTo(2f);
        assertThat(s.lastEventMillis()).isEqualTo(T0 + HOUR);
    }

    @Test
    void shortGapsAreForwardFilledAndLongGapsResetTheSequence() {
        SeriesState s = forecaster.newState();
        feed(s, T0, 1);
        feed(s, T0 + HOUR, 2);
        // hours 2, 3, 4 missing: 3 steps, exactly maxGapFill, the longest gap that is still filled
        StepOutcome filled = feed(s, T0 + 5 * HOUR, 3);
        assertThat(filled.filled()).isEqualTo(3);
        assertThat(filled.reset()).isFalse();
        assertThat(s.windowValues()).containsExactly(1f, 2f, 2f, 2f, 2f, 3f);

        // hours 6, 7, 8, 9 missing: 4 steps, one more than maxGapFill 3
        StepOutcome reset = feed(s, T0 + 10 * HOUR, 4);
        assertThat(reset.filled()).isZero();
        assertThat(reset.reset()).isTrue();
        assertThat(s.windowValues()).containsExactly(4f);
        assertThat(s.seen()).isEqualTo(4);
        // after the reset the forecast falls back to naive on the new value
        assertThat(reset.forecast().points()).allSatisfy(p -> assertThat(p.mean()).isEqualTo(4.0));
    }

    @Test
    void stepIsInferredFromSpacing() {
        SeriesState s = forecaster.newState();
        feed(s, T0, 1);
        Forecast f = feed(s, T0 + 30 * 60_000L, 2).forecast();
        assertThat(s.stepMillis()).isEqualTo(30 * 60_000L);
        assertThat(f.points().get(0).targetMillis()).isEqualTo(T0 + 60 * 60_000L);
    }

    @Test
    void scoringComparesEarlierForecastsWithArrivingValues() {
        SeriesState s = forecaster.newState();
        // a perfectly seasonal series: seasonal naive is exact once a season is known
        double[] season = {1, 5, 9, 3};
        ScoreSummary last = ScoreSummary.NONE;
        for (int i = 0; i < 40; i++) {
            int scoredBefore = s.scored();
            last = feed(s, T0 + i * HOUR, season[i % 4]).score();
            // Observation i is scored against a scale that rests on i - 1 differences (one per observation
            // from the 2nd on). Tracked steps 1, 2, 4, 6 are all scoreable from i = 8 (step 6's seasonal naive
            // needs 8 values), but points enter the summary only once the scale rests on 20 differences: i = 21.
            if (i == 20) {
                assertThat(s.scored() - scoredBefore).as("scored for the rolling accuracy").isEqualTo(4);
                assertThat(last.scored()).as("in the summary, scale on 19 differences").isZero();
            }
            if (i == 21) {
                assertThat(last.scored()).as("in the summary, scale on 20 differences").isEqualTo(4);
            }
        }
        assertThat(last.scored()).isEqualTo(4); // tracked steps 1, 2, 4, 6 all scoreable
        assertThat(last.absError()).isCloseTo(0.0, within(1e-3));
        assertThat((double) s.accCoverage()).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void intervalsCalibrateTowardsNominalCoverage() {
        ForecastSettings noSeason = ForecastSettings.builder().horizon(4).window(8).season(1).maxGapFill(3).build();
        SeriesForecaster f = new SeriesForecaster(noSeason);
        SeriesState s = f.newState();
        Random random = new Random(42);
        double level = 100;
        int inside = 0;
        int total = 0;
        ForecastPoint previousStep1 = null;
        for (int i = 0; i < 20_000; i++) {
            level += random.nextGaussian(); // random walk: naive is optimal, residual sd 1 at step 1
            StepOutcome out = f.observe(s, new Observation("rw", T0 + i * HOUR, level), null);
            if (previousStep1 != null && i > 2_000) {
                total++;
                if (level >= previousStep1.lower() && level <= previousStep1.upper()) {
                    inside++;
                }
            }
            previousStep1 = out.forecast().points().get(0);
        }
        double coverage = (double) inside / total;
        assertThat(coverage).isBetween(0.85, 0.95);
        // the widths track three quarters of the nominal miss rate (OnlineCalibration.MISS_RATE_SHARE): the 92.5 %
        // quantile of |N(0,1)|, 1.780, as the published half-width, whatever units the key keeps it in
        assertThat(previousStep1.upper() - previousStep1.mean()).isCloseTo(1.780, within(0.3));
    }

    @Test
    void widthsFollowTheForecastOnAPositiveSeriesSoPeaksAndTroughsAreBothCovered() {
        // multiplicative noise on a daily cycle from 20 to 180: the misses at the peak are nine times the trough's
        ForecastSettings daily = ForecastSettings.builder().horizon(6).window(48).season(24).maxGapFill(3).build();
        SeriesForecaster f = new SeriesForecaster(daily);
        SeriesState s = f.newState();
        Random random = new Random(3);
        int[] inside = new int[2];
        int[] total = new int[2];
        java.util.ArrayDeque<ForecastPoint> step1 = new java.util.ArrayDeque<>();
        for (int i = 0; i < 20_000; i++) {
            double cycle = 100 + 80 * Math.sin(2 * Math.PI * i / 24);
            double y = cycle * (1 + 0.1 * random.nextGaussian());
            if (!step1.isEmpty() && i > 2_000) {
                ForecastPoint p = step1.removeFirst();
                int phase = cycle > 100 ? 1 : 0; // 1: the peak half of the day
                total[phase]++;
                inside[phase] += y >= p.lower() && y <= p.upper() ? 1 : 0;
            } else {
                step1.clear();
            }
            step1.addLast(f.observe(s, new Observation("m", T0 + i * HOUR, y), null).forecast().points().get(0));
        }
        assertThat(OnlineCalibration.relative(s)).isTrue();
        assertThat((double) inside[1] / total[1]).as("peak coverage").isBetween(0.85, 0.95);
        assertThat((double) inside[0] / total[0]).as("trough coverage").isBetween(0.85, 0.95);
    }

    @Test
    void aPositiveKeysIntervalsStopAtZeroAndOtherKeysAreNotFloored() {
        // heavy-tailed positive values (log-normal, sigma 1.5): a symmetric interval would reach well below 0
        ForecastSettings daily = ForecastSettings.builder().horizon(6).window(48).season(24).coverage(0.95)
                .maxGapFill(3).build();
        SeriesForecaster f = new SeriesForecaster(daily);
        SeriesState positive = f.newState();
        SeriesState shifted = f.newState();
        Random random = new Random(5);
        int floored = 0;
        int belowZero = 0;
        for (int i = 0; i < 3_000; i++) {
            double y = Math.exp(1.5 * random.nextGaussian());
            long ts = T0 + i * HOUR;
            for (ForecastPoint p : f.observe(positive, new Observation("p", ts, y), null).forecast().points()) {
                if (i < daily.window()) {
                    continue; // the floor needs a whole window of positive values
                }
                assertThat(p.lower()).as("step %d at %d", p.step(), i).isGreaterThanOrEqualTo(0.0);
                floored += p.lower() == 0 && p.upper() - p.mean() > p.mean() ? 1 : 0;
            }
            for (ForecastPoint p : f.observe(shifted, new Observation("n", ts, y - 1), null).forecast().points()) {
                belowZero += p.lower() < -1 ? 1 : 0;
            }
        }
        assertThat(floored).as("intervals that would have reached below 0").isGreaterThan(1_000);
        assertThat(belowZero).as("a key with values below 0 keeps symmetric intervals").isGreaterThan(1_000);
    }

    @Test
    void eachKeyGetsTheBaselineThatHasBeenBestForIt() {
        ForecastSettings wide = ForecastSettings.builder().horizon(6).window(24).season(4).maxGapFill(3).build();
        SeriesForecaster f = new SeriesForecaster(wide);
        Random random = new Random(7);
        SeriesState seasonal = f.newState();
        SeriesState walk = f.newState();
        SeriesState spiky = f.newState();
        double level = 100;
        Forecast spikyForecast = null;
        for (int i = 0; i < 3_000; i++) {
            long ts = T0 + i * HOUR;
            f.observe(seasonal, new Observation("seasonal", ts, 10 * (i % 4) + random.nextGaussian() * 0.1), null);
            level += random.nextGaussian();
            f.observe(walk, new Observation("walk", ts, level), null);
            double spike = i % 7 == 0 ? 40 : 0; // isolated spikes on a noisy flat level
            spikyForecast = f.observe(spiky, new Observation("spiky", ts, 50 + random.nextGaussian() + spike), null)
                    .forecast();
        }
        assertThat(BaselineChoice.baselineKind(seasonal, 4)).isEqualTo(BaselineChoice.SEASONAL_NAIVE);
        assertThat(BaselineChoice.baselineKind(walk, 4)).isEqualTo(BaselineChoice.NAIVE);
        assertThat(BaselineChoice.baselineKind(spiky, 4)).isEqualTo(BaselineChoice.LOCAL_MEDIAN);
        float[] last12 = java.util.Arrays.copyOfRange(spiky.windowValues(), 24 - 12, 24);
        java.util.Arrays.sort(last12);
        double median = (last12[5] + last12[6]) / 2.0;
        assertThat(spikyForecast.points()).allSatisfy(p -> assertThat(p.mean()).isCloseTo(median, within(1e-4)));
    }
}
