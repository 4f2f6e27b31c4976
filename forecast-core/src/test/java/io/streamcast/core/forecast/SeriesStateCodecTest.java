package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.domain.Observation;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeriesStateCodecTest {
    private static final long T0 = 1_404_172_800_000L;
    private static final long HOUR = 3_600_000L;
    private static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(6).window(12).season(4)
            .maxGapFill(3).build();

    /** A key's state after 30 hourly observations of a wavy upward series, baseline only. */
    private static SeriesState afterThirtyHours(SeriesForecaster forecaster) {
        SeriesState s = forecaster.newState();
        for (int i = 0; i < 30; i++) {
            forecaster.observe(s, new Observation("s", T0 + i * HOUR, Math.sin(i) * 10 + i), null);
        }
        return s;
    }

    @Test
    void roundTripKeepsEveryFieldWithinItsPrecisionAndReencodesToTheSameBytes() {
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        SeriesStateCodec codec = new SeriesStateCodec(SETTINGS);
        SeriesState s = afterThirtyHours(forecaster);
        s.carried.carry(12345, new float[][] {{0.1f, -0.2f, 0.3f}}, new float[][] {{1.5f, -2.5f, 0.25f}});

        byte[] bytes = codec.encode(s);
        SeriesState back = codec.decode(bytes);
        assertThat(codec.encode(back)).isEqualTo(bytes); // a decoded state is on the grid: no drift per record
        double q = quantum(s);
        assertThat(q).isLessThanOrEqualTo(SeriesNormalization.effectiveScale(s) / 1024);
        float[] values = s.windowValues();
        float[] decoded = back.windowValues();
        assertThat(decoded).hasSameSizeAs(values);
        for (int i = 0; i < values.length; i++) {
            assertThat((double) decoded[i]).isCloseTo(values[i], within(q / 2));
        }
        for (int i = 0; i < s.widths().length; i++) {
            assertThat((double) back.widths()[i]).isCloseTo(s.widths()[i], within(q / 2));
        }
        PendingReference rings = new PendingReference(s, s.windowCount(), SETTINGS.season(), new TrackedSteps(SETTINGS.horizon()));
        for (int p = 0; p < s.pending.size(); p++) { // the forecast means the pending points stand for
            int age = rings.originAge(p);
            assertThat((double) back.valueAt(age) + back.pending.offset(p))
                    .isCloseTo((double) s.valueAt(age) + s.pending.offset(p), within(q / 2 + 1e-6));
        }
        assertThat(back.lastEventMillis()).isEqualTo(s.lastEventMillis());
        assertThat(back.stepMillis()).isEqualTo(HOUR);
        assertThat(back.modelId()).isEqualTo(12345);
        for (int j = 0; j < 3; j++) { // h in 1/127ths (it lies in [-1, 1]), c a half float
            assertThat(back.hiddenState()[0][j]).isCloseTo(s.hiddenState()[0][j], within(0.5f / 127));
            assertThat(back.hiddenState()[0][j] * 127).isEqualTo(Math.round(s.hiddenState()[0][j] * 127), within(1e-4f));
            assertThat(back.cellState()[0][j]).isCloseTo(s.cellState()[0][j], within(Math.abs(s.cellState()[0][j]) * 0x1p-11f));
        }
        assertThat(back.level()).isEqualTo(s.level());
        assertThat(back.scale()).isEqualTo(s.scale());
        assertThat(back.scored()).isEqualTo(s.scored());
        assertThat(back.seen()).isEqualTo(s.seen());
        assertThat(back.naiveError()).isEqualTo(s.naiveError());
        assertThat(back.seasonalError()).isEqualTo(s.seasonalError());
        assertThat(back.medianError()).isEqualTo(s.medianError());
        assertThat(back.accModelAbsError()).isEqualTo(s.accModelAbsError());
        assertThat(back.accSeasonalNaiveAbsError()).isEqualTo(s.accSeasonalNaiveAbsError());
        assertThat(back.accCoverage()).isEqualTo(s.accCoverage());
        assertThat(back.statistics.scaleCount()).isEqualTo(s.statistics.scaleCount());
        assertThat(back.baselineErrors.scored()).isEqualTo(s.baselineErrors.scored());
        assertThat(s.logScale()).isPositive();
        assertThat(back.logScale()).isEqualTo(s.logScale());
        assertThat(back.statistics.logScaleCount()).isEqualTo(s.statistics.logScaleCount());
        assertThat(back.positiveRun()).isEqualTo(s.positiveRun()).isEqualTo(24); // sin(i) * 10 + i > 0 from i = 6 on

        // decoding continues where the original would have, within the quantum
        s.carried.drop();
        back.carried.drop();
        StepOutcome a = forecaster.observe(s, new Observation("s", T0 + 30 * HOUR, 7), null);
        StepOutcome b = forecaster.observe(back, new Observation("s", T0 + 30 * HOUR, 7), null);
        for (int j = 0; j < SETTINGS.horizon(); j++) {
            assertThat(b.forecast().points().get(j).mean())
                    .isCloseTo(a.forecast().points().get(j).mean(), within(q));
        }
    }

    /** The quantum the codec writes this state's values in: q = 2^e, e the byte after the header and counts. */
    private static double quantum(SeriesState s) {
        double scale = SeriesNormalization.effectiveScale(s);
        return Math.scalb(1.0, Math.getExponent(scale / 1024));
    }

    @Test
    void theLastArrivalRoundTripsInWholeSecondsAndIsUnknownWithoutOne() {
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        SeriesStateCodec codec = new SeriesStateCodec(SETTINGS);
        SeriesState s = afterThirtyHours(forecaster);
        assertThat(codec.decode(codec.encode(s)).lastArrivalMillis()).isEqualTo(SeriesState.NO_TIME);
        int without = codec.encode(s).length;
        long live = s.lastEventMillis() + 1_500; // processed 1.5 s after its event time
        s.arrivedAt(live);
        assertThat(codec.encode(s).length).isEqualTo(without + 1);
        assertThat(codec.decode(codec.encode(s)).lastArrivalMillis()).isEqualTo(s.lastEventMillis() + 1_000);
        long backfill = s.lastEventMillis() + 12L * 365 * 24 * HOUR; // 2014 history processed in 2026
        s.arrivedAt(backfill);
        assertThat(codec.encode(s).length).isEqualTo(without + 5);
        assertThat(codec.decode(codec.encode(s)).lastArrivalMillis()).isEqualTo(backfill / 1000 * 1000);
        byte[] bytes = codec.encode(s);
        assertThat(codec.encode(codec.decode(bytes))).isEqualTo(bytes);
    }

    @Test
    void stateAtDefaultSettingsFitsTheBudget() {
        ForecastSettings settings = ForecastSettings.defaults(); // W = H = 48
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        SeriesStateCodec codec = new SeriesStateCodec(settings);
        SeriesState s = forecaster.newState();
        for (int i = 0; i < 100; i++) { // a daily cycle with noise of about the scale, two decimals
            double value = 50 + 20 * Math.sin(2 * Math.PI * i / 24) + ((i * 37) % 11 - 5) * 0.7;
            forecaster.observe(s, new Observation("s", T0 + i * HOUR, Math.round(value * 100) / 100.0), null);
        }
        int baselineOnly = codec.encode(s).length;
        s.carried.carry(1, new float[1][32], new float[1][32]);
        java.util.Random random = new java.util.Random(5);
        for (int j = 0; j < 32; j++) { // h in (-1, 1), c a few units: what a carried LSTM state holds
            s.hiddenState()[0][j] = (float) (2 * random.nextDouble() - 1);
            s.cellState()[0][j] = (float) (4 * random.nextGaussian());
        }
        int withLstm32 = codec.encode(s).length;
        // docs/state.md quotes these sizes; this test keeps the docs honest. Without a model the pending means are
        // the baseline's, which the codec stores them against: ~0 each
        assertThat(baselineOnly).isEqualTo(189);
        assertThat(withLstm32).isEqualTo(291);
        assertThat(withLstm32).isLessThanOrEqualTo(512);
        // an exactly repeating integer series (scale 0): the window is written exactly, in whole units
        SeriesState repeating = forecaster.newState();
        for (int i = 0; i < 100; i++) {
            forecaster.observe(repeating, new Observation("s", T0 + i * HOUR, i % 24), null);
        }
        SeriesState back = codec.decode(codec.encode(repeating));
        assertThat(back.windowValues()).containsExactly(repeating.windowValues());
        assertThat(codec.encode(repeating).length).isLessThan(baselineOnly);
    }

    @Test
    void aSmallerWindowKeepsTheNewestValuesAndDropsCarriedState() {
        ForecastSettings wide = ForecastSettings.builder().horizon(4).window(12).season(4).maxGapFill(3).build();
        ForecastSettings narrow = ForecastSettings.builder().horizon(4).window(8).season(4).maxGapFill(3).build();
        SeriesForecaster forecaster = new SeriesForecaster(wide);
        SeriesState s = forecaster.newState();
        for (int i = 0; i < 12; i++) {
            forecaster.observe(s, new Observation("s", T0 + i * HOUR, i), null);
        }
        s.carried.carry(9, new float[1][2], new float[1][2]);
        SeriesState back = new SeriesStateCodec(narrow).decode(new SeriesStateCodec(wide).encode(s));
        assertThat(back.windowValues()).containsExactly(4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(back.modelId()).isEqualTo(SeriesState.NO_MODEL);
    }

    @Test
    void aCandidateStepRoundTrips() {
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        SeriesStateCodec codec = new SeriesStateCodec(SETTINGS);
        SeriesState s = afterThirtyHours(forecaster);
        int without = codec.encode(s).length;
        s.candidateStepMillis = 7 * HOUR;
        s.candidateCount = 2;
        byte[] bytes = codec.encode(s);
        assertThat(bytes.length).isGreaterThan(without);
        SeriesState back = codec.decode(bytes);
        assertThat(back.candidateStepMillis).isEqualTo(7 * HOUR);
        assertThat(back.candidateCount).isEqualTo(2);
    }

    @Test
    void unreadableBytesGiveThePlaceholderNotAnException() {
        SeriesStateCodec codec = new SeriesStateCodec(SETTINGS);
        assertThat(codec.decodeOrUnreadable(new byte[] {3, 0, 1}).isUnreadable()).isTrue();
        assertThat(codec.decodeOrUnreadable(new byte[0]).isUnreadable()).isTrue();
        SeriesState ok = codec.decodeOrUnreadable(codec.encode(afterThirtyHours(new SeriesForecaster(SETTINGS))));
        assertThat(ok.isUnreadable()).isFalse();
        assertThat(ok.seen()).isEqualTo(30);
    }

    @Test
    void forgedLayerWidthsAreRefusedBeforeAnythingIsAllocated() {
        SeriesStateCodec codec = new SeriesStateCodec(SETTINGS);
        SeriesState s = afterThirtyHours(new SeriesForecaster(SETTINGS));
        s.carried.carry(1, new float[][] {{0.1f}}, new float[][] {{0.2f}});
        // model id 1 (i32), one layer, varint width 1; forge width 65,535 (three varint bytes)
        byte[] good = codec.encode(s);
        int at = indexOf(good, new byte[] {0, 0, 0, 1, 1, 1}) + 5;
        byte[] forged = new byte[good.length + 2];
        System.arraycopy(good, 0, forged, 0, at);
        forged[at] = (byte) 0xff;
        forged[at + 1] = (byte) 0xff;
        forged[at + 2] = 3;
        System.arraycopy(good, at + 1, forged, at + 3, good.length - at - 1);
        assertThatThrownBy(() -> codec.decode(forged)).hasMessageContaining("exceeds");
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    @Test
    void garbageIsRejectedWithAClearError() {
        SeriesStateCodec codec = new SeriesStateCodec(ForecastSettings.defaults());
        assertThatThrownBy(() -> codec.decode(new byte[] {8, 0, 0})).hasMessageContaining("truncated");
        assertThatThrownBy(() -> codec.decode(new byte[] {9})).hasMessageContaining("layout");
        byte[] ok = codec.encode(new SeriesForecaster(ForecastSettings.defaults()).newState());
        byte[] longer = Arrays.copyOf(ok, ok.length + 1);
        assertThatThrownBy(() -> codec.decode(longer)).hasMessageContaining("trailing");
    }

    @Test
    void aStateInAnEarlierLayoutIsRejectedNotMisread() {
        SeriesStateCodec codec = new SeriesStateCodec(SETTINGS);
        SeriesState s = afterThirtyHours(new SeriesForecaster(SETTINGS));
        byte[] current = codec.encode(s);
        assertThat(current[0]).isEqualTo((byte) 8);
        for (int layout : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 9, 255}) {
            byte[] relabelled = current.clone(); // the current body under another layout byte
            relabelled[0] = (byte) layout;
            assertThatThrownBy(() -> codec.decode(relabelled)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("layout " + layout);
            assertThat(codec.decodeOrUnreadable(relabelled).isUnreadable()).isTrue();
        }
        assertThat(codec.decode(current).seen()).isEqualTo(30);
    }

    @Test
    void randomBytesAfterTheLayoutByteAreRejectedAsNotAState() {
        // a 10-byte varint can decode to a negative count: it once reached an array allocation
        SeriesStateCodec codec = new SeriesStateCodec(ForecastSettings.defaults());
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 100_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(600)];
            random.nextBytes(bytes);
            bytes[0] = (byte) SeriesStateCodec.LAYOUT_VERSION;
            try {
                codec.decode(bytes);
            } catch (IllegalArgumentException expected) {
                // the one way decode says "not a state"
            }
        }
    }

    @Test
    void aStateWithBytesFlippedDecodesOrIsRejectedAsNotAState() {
        // random bytes rarely get past the header; flips in a real state reach the season, the references and
        // the bit stream
        ForecastSettings settings = ForecastSettings.defaults();
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        SeriesStateCodec codec = new SeriesStateCodec(settings);
        SeriesState s = forecaster.newState();
        for (int i = 0; i < 100; i++) {
            forecaster.observe(s, new Observation("s", T0 + i * HOUR, 50 + 20 * Math.sin(2 * Math.PI * i / 24)), null);
        }
        s.carried.carry(1, new float[][] {new float[32]}, new float[][] {new float[32]});
        byte[] good = codec.encode(s);
        java.util.Random random = new java.util.Random(2);
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = good.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[1 + random.nextInt(bytes.length - 1)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                SeriesState back = codec.decode(bytes);
                codec.encode(back); // what decodes is a state the codec can store again
            } catch (IllegalArgumentException expected) {
                // the one way decode says "not a state"
            }
        }
    }
}
