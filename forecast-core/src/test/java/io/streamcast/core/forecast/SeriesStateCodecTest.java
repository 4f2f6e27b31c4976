package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.domain.Observation;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeriesStateCodecTest {
    private static final long T0 = 1_404_172_800_000L;
    private static final long HOUR = 3_600_000L;
    private static final ForecastSettings SETTINGS = new ForecastSettings(6, 12, 4, 0.9, 3, Duration.ofHours(1));

    /** A key's state after 30 hourly observations of a wavy upward series, baseline only. */
    private static SeriesState afterThirtyHours(SeriesForecaster forecaster) {
        SeriesState s = forecaster.newState();
        for (int i = 0; i < 30; i++) {
            forecaster.observe(s, new Observation("s", T0 + i * HOUR, Math.sin(i) * 10 + i), null);
        }
        return s;
    }

    @Test
    void roundTripKeepsEveryField() {
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        SeriesStateCodec codec = new SeriesStateCodec(SETTINGS);
        SeriesState s = afterThirtyHours(forecaster);
        s.modelId = 12345;
        s.h = new float[][] {{0.1f, -0.2f, 0.3f}};
        s.c = new float[][] {{1.5f, -2.5f, 0.25f}};

        SeriesState back = codec.decode(codec.encode(s));
        assertThat(codec.encode(back)).isEqualTo(codec.encode(s));
        assertThat(back.windowValues()).containsExactly(s.windowValues());
        assertThat(back.lastEventMillis()).isEqualTo(s.lastEventMillis());
        assertThat(back.stepMillis()).isEqualTo(HOUR);
        assertThat(back.modelId()).isEqualTo(12345);
        assertThat(back.hiddenState()[0]).containsExactly(0.1f, -0.2f, 0.3f);
        assertThat(back.cellState()[0]).containsExactly(1.5f, -2.5f, 0.25f);
        assertThat(back.widths()).containsExactly(s.widths());
        assertThat(back.pending).containsExactly(s.pending);
        assertThat(back.level()).isEqualTo(s.level());
        assertThat(back.scale()).isEqualTo(s.scale());
        assertThat(back.scored()).isEqualTo(s.scored());

        // decoding continues exactly where the original would have
        StepOutcome a = forecaster.observe(s, new Observation("s", T0 + 30 * HOUR, 7), null);
        StepOutcome b = forecaster.observe(back, new Observation("s", T0 + 30 * HOUR, 7), null);
        assertThat(b.forecast()).isEqualTo(a.forecast());
    }

    @Test
    void aLayoutOneStateStillDecodesWithTheMedianErrorStartingAtSeasonalNaives() {
        SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);
        SeriesStateCodec codec = new SeriesStateCodec(SETTINGS);
        SeriesState s = afterThirtyHours(forecaster);
        byte[] v3 = codec.encode(s);
        assertThat(v3[18]).isZero(); // no candidate step: layout 3 is layout 2 with this one byte more
        byte[] v2 = new byte[v3.length - 1];
        System.arraycopy(v3, 0, v2, 0, 18);
        System.arraycopy(v3, 19, v2, 18, v3.length - 19);
        v2[0] = 2;
        SeriesState fromLayoutTwo = codec.decode(v2);
        assertThat(codec.encode(fromLayoutTwo)).isEqualTo(v3);
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
        assertThat(back.pending).containsExactly(s.pending);
        assertThat(back.scored()).isEqualTo(s.scored());
    }

    @Test
    void stateAtDefaultSettingsFitsTheBudget() {
        ForecastSettings settings = ForecastSettings.defaults(); // W = H = 48
        SeriesForecaster forecaster = new SeriesForecaster(settings);
        SeriesStateCodec codec = new SeriesStateCodec(settings);
        SeriesState s = forecaster.newState();
        for (int i = 0; i < 100; i++) {
            forecaster.observe(s, new Observation("s", T0 + i * HOUR, i % 24), null);
        }
        int baselineOnly = codec.encode(s).length;
        s.modelId = 1;
        s.h = new float[1][32];
        s.c = new float[1][32];
        int withLstm32 = codec.encode(s).length;
        // docs/state.md quotes these sizes; this test keeps the docs honest
        assertThat(baselineOnly).isEqualTo(510);
        assertThat(withLstm32).isEqualTo(773);
        assertThat(withLstm32).isLessThanOrEqualTo(1024);
    }

    @Test
    void aSmallerWindowKeepsTheNewestValuesAndDropsCarriedState() {
        ForecastSettings wide = new ForecastSettings(4, 12, 4, 0.9, 3, Duration.ofHours(1));
        ForecastSettings narrow = new ForecastSettings(4, 8, 4, 0.9, 3, Duration.ofHours(1));
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
        assertThat(bytes).hasSize(without + 8);
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
        byte[] bytes = codec.encode(s);
        // the layer width sits right before h: 4 (h) + 4 (c) + tracked widths and pending after it
        int tail = 4 + 4 + 1 + 4 * s.widths.length + 2 + 2 * s.pending.length;
        int widthAt = bytes.length - tail - 2;
        assertThat(bytes[widthAt + 1]).isEqualTo((byte) 1);
        bytes[widthAt] = (byte) 0xff;
        bytes[widthAt + 1] = (byte) 0xff;
        assertThatThrownBy(() -> codec.decode(bytes)).hasMessageContaining("exceeds");
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
}
