package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.domain.AccuracyReport;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A series in other units is the same series: multiplied by c, its forecasts, intervals and scaled errors are c
 * times (the scaled ones equal) those of the original, for c from micro-units to trading volumes of 10^8. The
 * forecaster works in each key's own scale, so nothing in it may depend on the units, neither in memory nor
 * through the store (the codec's round trip after every record, as the topology does). A fixed-range encoding of
 * absolute values (half floats stop at 65,504 and lose precision below 6e-5) broke this once: a stock's daily
 * volume had every pending forecast offset stored as infinity, and its live MASE read Infinity.
 *
 * <p>c is a power of two, so that every float rounding commutes with it and the two runs must agree exactly, not
 * merely closely: a near miss would flip an interval's hit or miss and send the widths apart. Exactly down to a
 * level of 1: below it, a key's scale before its first difference is an absolute floor (1e-6, see
 * {@link SeriesNormalization#effectiveScale}), the store rounds that first value on a grid of that floor, and
 * micro-unit series are held to closeness instead.
 */
class ScaleEquivarianceTest {
    private static final long T0 = 1_420_070_400_000L; // 2015-01-01T00:00:00Z
    private static final long DAY = 86_400_000L;
    private static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(5).window(48).season(5)
            .defaultStep(Duration.ofDays(1)).build();
    private static final int POINTS = 700;

    /** A volume-like series around 100: a slow level, a weekly pattern and multiplicative noise, always > 0. */
    private static double[] series() {
        Random r = new Random(42);
        double[] y = new double[POINTS];
        double level = 100;
        for (int t = 0; t < POINTS; t++) {
            level = Math.max(20, level + r.nextGaussian() * 2);
            y[t] = level * (1 + 0.15 * Math.sin(2 * Math.PI * t / 5)) * Math.exp(0.25 * r.nextGaussian());
        }
        return y;
    }

    private record Run(List<Forecast> forecasts, List<ScoreSummary> scores, AccuracyReport accuracy) {}

    private static Run run(double c, boolean throughStore) {
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        SeriesStateCodec codec = new SeriesStateCodec(SETTINGS);
        SeriesState s = forecaster.newState();
        List<Forecast> forecasts = new ArrayList<>();
        List<ScoreSummary> scores = new ArrayList<>();
        double[] y = series();
        for (int t = 0; t < POINTS; t++) {
            if (throughStore) {
                s = codec.decode(codec.encode(s));
            }
            StepOutcome out = forecaster.observe(s, new Observation("v", T0 + t * DAY, c * y[t]), null);
            forecasts.add(out.forecast());
            scores.add(out.score());
        }
        return new Run(forecasts, scores, forecaster.accuracy(s, "v", Forecast.BASELINE_VERSION));
    }

    @ParameterizedTest(name = "x {0}")
    @ValueSource(doubles = {0x1p-6, 0x1p10, 0x1p20, 0x1p26})
    void forecastsIntervalsAndScaledErrorsFollowTheUnits(double c) {
        for (boolean store : new boolean[] {false, true}) {
            Run unit = run(1, store);
            Run scaled = run(c, store);
            for (int t = 0; t < POINTS; t++) {
                var a = unit.forecasts().get(t).points();
                var b = scaled.forecasts().get(t).points();
                for (int j = 0; j < a.size(); j++) {
                    double width = a.get(j).upper() - a.get(j).mean();
                    assertThat(Double.isFinite(b.get(j).upper()) && Double.isFinite(b.get(j).lower()))
                            .as("finite bounds at t=%d step %d, x %s (store %s)", t, j + 1, c, store).isTrue();
                    double tolerance = 1e-9 * (Math.abs(a.get(j).mean()) + width);
                    assertThat(b.get(j).mean() / c).as("mean at t=%d step %d, x %s (store %s)", t, j + 1, c, store)
                            .isCloseTo(a.get(j).mean(), within(tolerance));
                    assertThat((b.get(j).upper() - b.get(j).mean()) / c)
                            .as("half-width at t=%d step %d, x %s (store %s)", t, j + 1, c, store)
                            .isCloseTo(width, within(tolerance));
                }
                ScoreSummary sa = unit.scores().get(t);
                ScoreSummary sb = scaled.scores().get(t);
                assertThat(sb.scored()).isEqualTo(sa.scored());
                assertThat(sb.scaledError()).as("scaled error at t=%d, x %s (store %s)", t, c, store)
                        .isCloseTo(sa.scaledError(), within(1e-9 * Math.max(1, sa.scaledError())));
                assertThat(sb.covered()).isEqualTo(sa.covered());
            }
            assertThat(scaled.accuracy().mase()).isCloseTo(unit.accuracy().mase(), within(1e-6));
            assertThat(scaled.accuracy().coverage()).isCloseTo(unit.accuracy().coverage(), within(1e-6));
        }
    }

    @ParameterizedTest(name = "x {0}")
    @ValueSource(doubles = {1e-6, 1e-4})
    void microUnitSeriesAreForecastAsWellAsTheirUnitTwin(double c) {
        for (boolean store : new boolean[] {false, true}) {
            Run unit = run(1, store);
            Run micro = run(c, store);
            for (int t = 0; t < POINTS; t++) {
                assertThat(micro.forecasts().get(t).points()).allSatisfy(p -> assertThat(
                        Double.isFinite(p.lower()) && Double.isFinite(p.upper()) && p.lower() <= p.upper()).isTrue());
                assertThat(micro.scores().get(t).scaledError()).isFinite();
            }
            assertThat(micro.accuracy().mase()).isCloseTo(unit.accuracy().mase(), within(0.02 * unit.accuracy().mase()));
            assertThat(micro.accuracy().coverage()).isCloseTo(unit.accuracy().coverage(), within(0.03));
        }
    }

    @Test
    void theUnitSeriesIsCalibratedAtAll() {
        // the reference the other units are compared with is itself sound: intervals cover about as nominal
        Run unit = run(1, true);
        assertThat(unit.accuracy().coverage()).isBetween(0.8, 0.97);
        assertThat(unit.accuracy().mase()).isBetween(0.3, 3.0);
    }
}
