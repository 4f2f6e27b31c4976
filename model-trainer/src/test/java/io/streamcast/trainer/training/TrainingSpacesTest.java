package io.streamcast.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.Transform;
import io.streamcast.trainer.SeriesHistory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which spaces a round trains in: log space only where the log can take every value, the gate choosing. */
class TrainingSpacesTest {
    private static final ForecastSettings SETTINGS = new ForecastSettings(6, 48, 24, 0.9, 3, Duration.ofHours(1));

    private static SeriesHistory series(float... values) {
        long[] ts = new long[values.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 1_700_000_000_000L + i * 3_600_000L;
        }
        return new SeriesHistory("s" + values.length, ts, values);
    }

    @Test
    void positiveDataTrainsInBothSpacesAndDataWithAZeroOrANegativeValueInTheSeriesUnitsOnly() {
        ModelTrainer trainer = new ModelTrainer(SETTINGS, TrainerSettings.defaults(), "m");
        assertThat(trainer.spaces(List.of(series(1, 2, 3), series(0.5f, 7)))).containsExactly(Transform.LOG,
                Transform.NONE);
        assertThat(trainer.spaces(List.of(series(1, 2, 3), series(0.5f, 0)))).containsExactly(Transform.NONE);
        assertThat(trainer.spaces(List.of(series(-1, 2)))).containsExactly(Transform.NONE);
        assertThat(trainer.spaces(List.of(series(Float.NaN, 2)))).containsExactly(Transform.NONE);
    }

    @Test
    void aConfiguredSpaceIsTheOnlyOne() {
        ModelTrainer log = new ModelTrainer(SETTINGS, TrainerSettings.defaults().withTransform(Transform.LOG), "m");
        assertThat(log.spaces(List.of(series(1, 2)))).containsExactly(Transform.LOG);
        ModelTrainer units = new ModelTrainer(SETTINGS, TrainerSettings.defaults().withTransform(Transform.NONE), "m");
        assertThat(units.spaces(List.of(series(1, 2)))).containsExactly(Transform.NONE);
    }
}
