package io.streamcast.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.trainer.SeriesHistory;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How many origins per series the gate scores: enough blocks of H for its noise estimate, not half the data. */
class GateOriginsTest {
    private static final ForecastSettings H24 = ForecastSettings.builder().horizon(24).window(48).season(24)
            .maxGapFill(6).build();

    private static List<SeriesHistory> series(int count, int points) {
        return Collections.nCopies(count, new SeriesHistory("s", new long[points], new float[points]));
    }

    private static int origins(List<SeriesHistory> histories) {
        return new ModelTrainer(H24, TrainerSettings.defaults(), "m").gateOrigins(histories);
    }

    @Test
    void fewSeriesGetEnoughOriginsForThirtyTwoBlocksOfH() {
        // one series: 32 blocks of 24 origins instead of the configured 96 (4 blocks)
        assertThat(origins(series(1, 7_000))).isEqualTo(32 * 24);
        // two series: 16 blocks each
        assertThat(origins(series(2, 7_000))).isEqualTo(16 * 24);
    }

    @Test
    void manySeriesKeepTheConfiguredCount() {
        assertThat(TrainerSettings.defaults().validationPoints()).isEqualTo(96);
        assertThat(origins(series(8, 7_000))).isEqualTo(96); // 8 x 4 blocks = 32 already
        assertThat(origins(series(1_000, 1_000))).isEqualTo(96);
    }

    @Test
    void atMostAQuarterOfTheLongestSeriesAndNeverBelowTheConfiguredCount() {
        assertThat(origins(series(1, 2_000))).isEqualTo(500);
        assertThat(origins(series(1, 300))).isEqualTo(96); // a quarter would be 75: the configured count stands
        assertThat(origins(series(1, 100))).isEqualTo(96); // too short to train on at all
        assertThat(origins(List.of())).isEqualTo(96);
    }
}
