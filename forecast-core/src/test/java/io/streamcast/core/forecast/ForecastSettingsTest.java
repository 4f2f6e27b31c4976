package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.model.Feature;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastSettingsTest {
    @Test
    void aDailyOrWeeklySeasonOfSubHourlyOrHourlyDataHasTheOtherCycleAsItsSecondSeason() {
        assertThat(ForecastSettings.secondSeasonOf(24)).isEqualTo(168); // hourly: a day, then a week
        assertThat(ForecastSettings.secondSeasonOf(48)).isEqualTo(336); // half-hourly
        assertThat(ForecastSettings.secondSeasonOf(96)).isEqualTo(672); // quarter-hourly
        assertThat(ForecastSettings.secondSeasonOf(168)).isEqualTo(24); // hourly with a weekly m: the day
        assertThat(ForecastSettings.secondSeasonOf(336)).isEqualTo(48);
        assertThat(ForecastSettings.secondSeasonOf(288)).isZero(); // 5-minute: a week would be 2,016 values
        assertThat(ForecastSettings.secondSeasonOf(5)).isZero();
        assertThat(ForecastSettings.secondSeasonOf(1)).isZero();
    }

    @Test
    void theDefaultWindowHoldsTheSecondSeasonAndModelsReadItOnlyWhereTheWindowDoes() {
        assertThat(ForecastSettings.defaultWindow(48, 24)).isEqualTo(169);
        assertThat(ForecastSettings.defaultWindow(5, 336)).isEqualTo(337);
        assertThat(ForecastSettings.defaultWindow(12, 288)).isEqualTo(289);
        assertThat(ForecastSettings.defaultWindow(5, 5)).isEqualTo(48);
        assertThat(ForecastSettings.builder().horizon(48).window(169).season(24).build().secondSeason()).isEqualTo(168);
        assertThat(ForecastSettings.defaults().secondSeason()).isZero(); // W = 48 holds no week of hours
    }

    @Test
    void onlyAWindowThatHoldsTheSecondSeasonFeedsTheSecondSeasonInputs() {
        List<Feature> all = List.of(Feature.VALUE, Feature.SEASON2_DIFF, Feature.DIFF, Feature.SEASON2_AHEAD);
        assertThat(ForecastSettings.defaults().readableInputs(all)).containsExactly(Feature.VALUE, Feature.DIFF);
        assertThat(ForecastSettings.builder().horizon(48).window(169).season(24).build().readableInputs(all))
                .containsExactlyElementsOf(all);
    }

    @Test
    void aBuilderStartsFromTheDefaultsAndChangesOnlyWhatItIsTold() {
        assertThat(ForecastSettings.builder().build()).isEqualTo(ForecastSettings.defaults());
        assertThat(ForecastSettings.builder().horizon(6).window(12).season(4).maxGapFill(3).build())
                .isEqualTo(new ForecastSettings(6, 12, 4, 0.9, 3, Duration.ofHours(1)));
        ForecastSettings fiveMinutes = ForecastSettings.builder().horizon(12).window(289).season(288).coverage(0.8)
                .maxGapFill(6).defaultStep(Duration.ofMinutes(5)).build();
        assertThat(fiveMinutes).isEqualTo(new ForecastSettings(12, 289, 288, 0.8, 6, Duration.ofMinutes(5)));
        assertThat(fiveMinutes.toBuilder().coverage(0.95).build())
                .isEqualTo(new ForecastSettings(12, 289, 288, 0.95, 6, Duration.ofMinutes(5)));
    }

    @Test
    void aBuilderChecksTheShapeOnlyWhenBuiltSoTheOrderOfItsSettersDoesNotMatter() {
        // from W = 48, m = 24: a season of 288 first would not fit the window, a window of 12 first not the season
        assertThat(ForecastSettings.builder().season(288).window(289).horizon(12).build())
                .isEqualTo(ForecastSettings.builder().horizon(12).window(289).season(288).build());
        assertThat(ForecastSettings.builder().window(12).season(4).horizon(6).build().window()).isEqualTo(12);
        assertThatThrownBy(() -> ForecastSettings.builder().window(12).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must be in");
        assertThatThrownBy(() -> ForecastSettings.builder().coverage(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coverage must be in (0, 1)");
    }
}
