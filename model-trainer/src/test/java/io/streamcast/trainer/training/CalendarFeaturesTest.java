package io.streamcast.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.Feature;
import io.streamcast.trainer.SeriesHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalendarFeaturesTest {
    private static final List<Feature> ALL = TrainerSettings.defaults().features();

    @Test
    void calendarInputsNeedTwoOfTheirPeriodsInTheLongestSeries() {
        assertThat(ALL).contains(Feature.HOUR_SIN, Feature.HOUR_COS, Feature.DOW_SIN, Feature.DOW_COS);

        assertThat(CalendarFeatures.supported(ALL, List.of(hourly("a", 24 * 30))))
                .as("30 days: every input").isEqualTo(ALL);
        assertThat(CalendarFeatures.supported(ALL, List.of(hourly("a", 24 * 14))))
                .as("two weeks of hourly points (first to last: two weeks less an hour)").isEqualTo(ALL);
        assertThat(CalendarFeatures.supported(ALL, List.of(hourly("a", 24 * 14 - 1))))
                .as("an hour short of two weeks").doesNotContain(Feature.DOW_SIN, Feature.DOW_COS)
                .contains(Feature.HOUR_SIN, Feature.HOUR_COS);
        assertThat(CalendarFeatures.supported(ALL, List.of(hourly("a", 47))))
                .as("an hour short of 2 days: values only")
                .containsExactly(Feature.VALUE, Feature.SEASONAL_DIFF, Feature.DIFF, Feature.SEASON2_DIFF,
                        Feature.SEASON2_AHEAD);
        assertThat(CalendarFeatures.supported(ALL, List.of(hourly("a", 48)))).contains(Feature.HOUR_SIN);
        // the longest series decides: a short one beside a long one takes nothing away
        assertThat(CalendarFeatures.supported(ALL, List.of(hourly("short", 10), hourly("long", 24 * 30))))
                .isEqualTo(ALL);
        assertThat(CalendarFeatures.supported(ALL, List.of())).containsExactly(Feature.VALUE,
                Feature.SEASONAL_DIFF, Feature.DIFF, Feature.SEASON2_DIFF, Feature.SEASON2_AHEAD);
    }

    @Test
    void aRoundSaysWhichInputsItLeftOutAndTrainsWithoutThem() {
        ForecastSettings settings = ForecastSettings.builder().horizon(12).window(289).season(288)
                .defaultStep(Duration.ofMinutes(5)).build();
        ModelTrainer trainer = new ModelTrainer(settings, TrainerSettings.defaults(), "m");
        List<String> lines = new ArrayList<>();
        SeriesHistory week = series("a", 7 * 288, Duration.ofMinutes(5));

        TrainerSettings round = trainer.roundSettings(List.of(week), lines::add);

        // m = 288 (a day of 5-minute data) has no second season a window could hold
        List<Feature> withoutSeason2 = ALL.stream().filter(f -> !f.usesSeason2()).toList();
        assertThat(round.features()).doesNotContain(Feature.DOW_SIN, Feature.DOW_COS, Feature.SEASON2_DIFF,
                Feature.SEASON2_AHEAD).hasSize(withoutSeason2.size() - 2);
        assertThat(lines).containsExactly(
                "inputs [season2_diff, season2_ahead] left out: season 288 has no second season the window (289) holds",
                "inputs [dow_sin, dow_cos] left out: the longest series covers 7.0 days, fewer than 2.0 of their "
                        + "periods");
        lines.clear();
        assertThat(trainer.roundSettings(List.of(series("a", 30 * 288, Duration.ofMinutes(5))), lines::add)
                .features()).isEqualTo(withoutSeason2);
        assertThat(lines).hasSize(1);
        // hourly data with a daily m and a window of a week and more: the weekly inputs are kept
        ForecastSettings hourly = ForecastSettings.builder().horizon(48).window(169).season(24).build();
        lines.clear();
        assertThat(new ModelTrainer(hourly, TrainerSettings.defaults(), "m")
                .roundSettings(List.of(series("a", 30 * 24, Duration.ofHours(1))), lines::add).features())
                .isEqualTo(ALL);
        assertThat(lines).isEmpty();
    }

    private static SeriesHistory hourly(String id, int points) {
        return series(id, points, Duration.ofHours(1));
    }

    private static SeriesHistory series(String id, int points, Duration step) {
        long[] ts = new long[points];
        float[] values = new float[points];
        for (int i = 0; i < points; i++) {
            ts[i] = 1_700_000_000_000L + i * step.toMillis();
            values[i] = (float) Math.sin(i / 10.0);
        }
        return new SeriesHistory(id, ts, values);
    }
}
