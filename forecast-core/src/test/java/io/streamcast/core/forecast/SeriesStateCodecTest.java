package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.domain.Observation;
import java.util.Arrays;
import java.util.List;
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
        s.modelId = 12345;
        s.h = new float[][] {{0.1f, -0.2f, 0.3f}};
        s.c = new float[][] {{1.5f, -2.5f, 0.25f}};

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
        for (int i = 0; i < s.widths.length; i++) {
            assertThat((double) back.widths()[i]).isCloseTo(s.widths()[i], within(q / 2));
        }
        PendingReference rings = new PendingReference(s, s.windowCount, SETTINGS.season(), new TrackedSteps(SETTINGS.horizon()));
        for (int p = 0; p < s.pending.length; p++) { // the forecast means the pending points stand for
            int age = rings.originAge(p);
            assertThat((double) back.valueAt(age) + back.pending[p])
                    .isCloseTo((double) s.valueAt(age) + s.pending[p], within(q / 2 + 1e-6));
        }
        assertThat(back.lastEventMillis()).isEqualTo(s.lastEventMillis());
        assertThat(back.stepMillis()).isEqualTo(HOUR);
        assertThat(back.modelId()).isEqualTo(12345);
        for (int j = 0; j < 3; j++) { // h in 1/127ths (it lies in [-1, 1]), c a half float
            assertThat(back.hiddenState()[0][j]).isCloseTo(s.h[0][j], within(0.5f / 127));
            assertThat(back.hiddenState()[0][j] * 127).isEqualTo(Math.round(s.h[0][j] * 127), within(1e-4f));
            assertThat(back.cellState()[0][j]).isCloseTo(s.c[0][j], within(Math.abs(s.c[0][j]) * 0x1p-11f));
        }
        assertThat(back.level()).isEqualTo(s.level());
        assertThat(back.scale()).isEqualTo(s.scale());
        assertThat(back.scored()).isEqualTo(s.scored());
        assertThat(back.seen()).isEqualTo(s.seen());
        assertThat(back.naiveError()).isEqualTo(s.naiveError());
        assertThat(back.seasonalError()).isEqualTo(s.seasonalError());
        assertThat(back.medianError()).isEqualTo(s.medianError());
        assertThat(back.accModelAbsError()).isEqualTo(s.accModelAbsError());
        assertThat(back.accBaselineAbsError()).isEqualTo(s.accBaselineAbsError());
        assertThat(back.accCoverage()).isEqualTo(s.accCoverage());
        assertThat(back.scaleCount).isEqualTo(s.scaleCount);
        assertThat(back.baselineScored).isEqualTo(s.baselineScored);
        assertThat(s.logScale()).isPositive();
        assertThat(back.logScale()).isEqualTo(s.logScale());
        assertThat(back.logScaleCount).isEqualTo(s.logScaleCount);
        assertThat(back.positiveRun()).isEqualTo(s.positiveRun()).isEqualTo(24); // sin(i) * 10 + i > 0 from i = 6 on

        // decoding continues where the original would have, within the quantum
        s.dropModelState();
        back.dropModelState();
        StepOutcome a = forecaster.observe(s, new Observation("s", T0 + 30 * HOUR, 7), null);
        StepOutcome b = forecaster.observe(back, new Observation("s", T0 + 30 * HOUR, 7), null);
        for (int j = 0; j < SETTINGS.horizon(); j++) {
            assertThat(b.forecast().points().get(j).mean())
                    .isCloseTo(a.forecast().points().get(j).mean(), within(q));
        }
    }

    /** The quantum layout 4 writes this state's values in: q = 2^e, e the byte after the header and counts. */
    private static double quantum(SeriesState s) {
        double scale = SeriesNormalization.effectiveScale(s);
        return Math.scalb(1.0, Math.getExponent(scale / 1024));
    }

    @Test
    void aLayoutThreeStateStillDecodesExactlyAndReencodesAsTheCurrentLayout() {
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        SeriesStateCodec codec = new SeriesStateCodec(SETTINGS);
        SeriesState s = afterThirtyHours(forecaster);
        s.modelId = 77;
        s.h = new float[][] {{0.1f, -0.2f}};
        s.c = new float[][] {{1.5f, -2.5f}};
        s.candidateStepMillis = 7 * HOUR;
        s.candidateCount = 2;
        byte[] v3 = Layout3Writer.encode(s);
        SeriesState fromThree = codec.decode(v3);
        assertThat(Layout3Writer.encode(fromThree)).isEqualTo(v3); // layout 3 decodes exactly, as before
        byte[] v4 = codec.encode(fromThree);
        assertThat(v4[0]).isEqualTo((byte) SeriesStateCodec.LAYOUT_VERSION);
        assertThat(v4.length).isLessThan(v3.length);
        SeriesState fromFour = codec.decode(v4);
        assertThat(codec.encode(fromFour)).isEqualTo(v4);
        assertThat(fromFour.candidateStepMillis).isEqualTo(7 * HOUR);
        assertThat(fromFour.candidateCount).isEqualTo(2);
        assertThat(fromFour.modelId()).isEqualTo(77);
        assertThat(fromFour.windowCount()).isEqualTo(s.windowCount());
        assertThat(fromFour.seen()).isEqualTo(30);
    }

    @Test
    void aStateFromBeforeTheLogStatisticsGetsThemFromItsWindow() {
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        SeriesState s = afterThirtyHours(forecaster);
        SeriesState back = new SeriesStateCodec(SETTINGS).decode(Layout3Writer.encode(s));
        int m = SETTINGS.season();
        float[] w = back.windowValues();
        double sum = 0;
        for (int i = m; i < w.length; i++) { // every pair m apart in the (all positive) window
            sum += Math.abs(Math.log(w[i]) - Math.log(w[i - m]));
        }
        assertThat(back.positiveRun()).isEqualTo(w.length);
        assertThat(back.logScaleCount).isEqualTo(w.length - m);
        assertThat((double) back.logScale()).isCloseTo(sum / (w.length - m), within(1e-6));
        // a value <= 0 in the window: the run is what follows it
        s.window[(s.windowHead + s.windowCount - 3) % s.window.length] = 0f;
        SeriesState broken = new SeriesStateCodec(SETTINGS).decode(Layout3Writer.encode(s));
        assertThat(broken.positiveRun()).isEqualTo(2);
        assertThat(broken.logScaleCount).isEqualTo(1); // one pair, one apart (the run is shorter than m)
    }

    @Test
    void aLayoutOneStateStillDecodesWithTheMedianErrorStartingAtSeasonalNaives() {
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        SeriesStateCodec codec = new SeriesStateCodec(SETTINGS);
        SeriesState s = afterThirtyHours(forecaster);
        byte[] v3 = Layout3Writer.encode(s);
        assertThat(v3[18]).isZero(); // no candidate step: layout 3 is layout 2 with this one byte more
        byte[] v2 = new byte[v3.length - 1];
        System.arraycopy(v3, 0, v2, 0, 18);
        System.arraycopy(v3, 19, v2, 18, v3.length - 19);
        v2[0] = 2;
        SeriesState fromLayoutTwo = codec.decode(v2);
        assertThat(Layout3Writer.encode(fromLayoutTwo)).isEqualTo(v3);
        // layout 1: i32 scale count, no median error, i32 baseline points scored; the rest is the same
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(v2.length); // +2 scale count, -4 median, +2 points scored
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(v2);
        v1.put((byte) 1).put(in.get(1));
        v1.put(v2, 2, 8 + 8 + 4 + 4 + 4);
        v1.putInt(s.scaleCount);
        v1.put(v2, 32, 8); // naive, seasonal
        v1.putInt(s.baselineScored);
        v1.put(v2, 46, v2.length - 46);

        SeriesState back = codec.decode(v1.array());
        assertThat(back.medianError()).isEqualTo(s.seasonalError());
        assertThat(back.naiveError()).isEqualTo(s.naiveError());
        assertThat(back.scaleCount).isEqualTo(s.scaleCount);
        assertThat(back.baselineScored).isEqualTo(s.baselineScored);
        assertThat(back.windowValues()).containsExactly(s.windowValues());
        for (int i = 0; i < s.pending.length; i++) { // layouts 1 to 3 held the offsets as half floats
            assertThat(back.pending[i]).isEqualTo(Half.toFloat(Half.fromFloat(s.pending[i])));
        }
        assertThat(back.scored()).isEqualTo(s.scored());
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
        s.modelId = 1;
        s.h = new float[1][32];
        s.c = new float[1][32];
        java.util.Random random = new java.util.Random(5);
        for (int j = 0; j < 32; j++) { // h in (-1, 1), c a few units: what a carried LSTM state holds
            s.h[0][j] = (float) (2 * random.nextDouble() - 1);
            s.c[0][j] = (float) (4 * random.nextGaussian());
        }
        int withLstm32 = codec.encode(s).length;
        // docs/state.md quotes these sizes; this test keeps the docs honest (layout 3: 510 and 773 bytes; layout
        // 4: 363 and 497, its pending points stored as offsets from their origin's value). Without a model the
        // pending means are the baseline's, which layout 5 stores them against: ~0 each. Layout 6 adds the log
        // statistics (6 bytes) and keeps h in a byte a value (32 fewer at LSTM-32).
        System.out.printf("layout 6 at W = H = 48: baseline only %d B, with LSTM-32 %d B (layout 3: %d, %d)%n",
                baselineOnly, withLstm32, Layout3Writer.encode(withoutModel(s)).length, Layout3Writer.encode(s).length);
        assertThat(baselineOnly).isEqualTo(187);
        assertThat(withLstm32).isEqualTo(289);
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

    private static SeriesState withoutModel(SeriesState s) {
        SeriesState copy = new SeriesStateCodec(ForecastSettings.defaults()).decode(Layout3Writer.encode(s));
        copy.dropModelState();
        return copy;
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
        s.modelId = 9;
        s.h = new float[1][2];
        s.c = new float[1][2];
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
        s.modelId = 1;
        s.h = new float[][] {{0.1f}};
        s.c = new float[][] {{0.2f}};
        // layout 3: the layer width sits right before h: 4 (h) + 4 (c) + tracked widths and pending after it
        byte[] bytes = Layout3Writer.encode(s);
        int tail = 4 + 4 + 1 + 4 * s.widths.length + 2 + 2 * s.pending.length;
        int widthAt = bytes.length - tail - 2;
        assertThat(bytes[widthAt + 1]).isEqualTo((byte) 1);
        bytes[widthAt] = (byte) 0xff;
        bytes[widthAt + 1] = (byte) 0xff;
        assertThatThrownBy(() -> codec.decode(bytes)).hasMessageContaining("exceeds");
        // layout 4: model id 1 (i32), one layer, varint width 1; forge width 65,535 (three varint bytes)
        byte[] v4 = codec.encode(s);
        int at = indexOf(v4, new byte[] {0, 0, 0, 1, 1, 1}) + 5;
        byte[] forged = new byte[v4.length + 2];
        System.arraycopy(v4, 0, forged, 0, at);
        forged[at] = (byte) 0xff;
        forged[at + 1] = (byte) 0xff;
        forged[at + 2] = 3;
        System.arraycopy(v4, at + 1, forged, at + 3, v4.length - at - 1);
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

    /**
     * A layout-4 state as the code of 2026-12-04 wrote it (W = H = 48, m = 24: 100 hours of a noisy daily cycle,
     * then h and c set), and what that code computed when the next value, 51 at hour 100, arrived after decoding
     * it: the pending points it scored, their absolute error, and the step-1 mean.
     */
    private static final String LAYOUT_4 =
            "040be0a8bbbb0a901c64423f73b74056efc063416d0eb04049f724419319d7ad034058fad3404e480e3f75d47de40330076f" +
            "0000000101023800b4003e00c000f7f73025691b99ef62651999460da14e04f306e14702b55b60a33344ca3dec46656df578" +
            "4b9ea240bfb173d4c253f66e67bd987a5733183aadb6e1cc2e60db70d56d828ccd30f4837d19927ec984ae7a5fd911e5cf93" +
            "093ab62dd5fd64fdeeff63fdf9a43a5942992a4b97222719c1493cd998f84c148e94a10b3637cd9a0a98b8ecd931f0a02a27" +
            "00841668485284aae84852841668d99a280a9752d6694850d290339a0fa681161413052126e210b3628668a5c662e242684c" +
            "7c23d70c8cc3d330441f0467b0441f04c9a0c8cc23d708a15b3662e229718df3610b36126e2130523a52842cd8df36682a62" +
            "e3b364c7d0030030030030030030030030030030030030030030030030030030030030030030030030030030030030030030" +
            "030030030030030030030030030030030030030030030030030020";

    @Test
    void aLayoutFourStateStillDecodesAndScoresAsTheCodeThatWroteIt() {
        ForecastSettings settings = ForecastSettings.defaults();
        SeriesStateCodec codec = new SeriesStateCodec(settings);
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        byte[] v4 = java.util.HexFormat.of().parseHex(LAYOUT_4);
        assertThat(v4[0]).isEqualTo((byte) 4);
        SeriesState fromFour = codec.decode(v4);
        assertThat(fromFour.windowCount()).isEqualTo(48);
        assertThat(fromFour.modelId()).isEqualTo(1);
        assertThat(fromFour.hiddenState()[0]).containsExactly(0.5f, -0.25f);
        byte[] v5 = codec.encode(fromFour);
        assertThat(v5[0]).isEqualTo((byte) SeriesStateCodec.LAYOUT_VERSION);
        assertThat(v5.length).isLessThan(v4.length);
        for (SeriesState s : List.of(codec.decode(v4), codec.decode(v5))) {
            StepOutcome next = forecaster.observe(s, new Observation("s", T0 + 100 * HOUR, 51.0), null);
            assertThat(next.score().scored()).isEqualTo(7);
            assertThat(next.score().absError()).isCloseTo(128.23828125, within(1e-3));
            assertThat(next.forecast().points().get(0).mean()).isCloseTo(65.8203125, within(1e-3));
        }
    }

    @Test
    void garbageIsRejectedWithAClearError() {
        SeriesStateCodec codec = new SeriesStateCodec(ForecastSettings.defaults());
        assertThatThrownBy(() -> codec.decode(new byte[] {1, 0, 0})).hasMessageContaining("truncated");
        assertThatThrownBy(() -> codec.decode(new byte[] {9})).hasMessageContaining("layout");
        byte[] ok = codec.encode(new SeriesForecaster(ForecastSettings.defaults()).newState());
        byte[] longer = Arrays.copyOf(ok, ok.length + 1);
        assertThatThrownBy(() -> codec.decode(longer)).hasMessageContaining("trailing");
    }

    @Test
    void randomBytesAsLayouts4And5AreRejectedAsNotAState() {
        // a 10-byte varint can decode to a negative count: it once reached an array allocation
        SeriesStateCodec codec = new SeriesStateCodec(ForecastSettings.defaults());
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 100_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(600)];
            random.nextBytes(bytes);
            bytes[0] = (byte) (4 + i % 2);
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
        s.modelId = 1;
        s.h = new float[][] {new float[32]};
        s.c = new float[][] {new float[32]};
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
