package io.streamcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(new ForecastSettings(48, 169, 24, 0.9, 24, Duration.ofHours(1)).secondSeason()).isEqualTo(168);
        assertThat(ForecastSettings.defaults().secondSeason()).isZero(); // W = 48 holds no week of hours
    }

    @Test
    void onlyAWindowThatHoldsTheSecondSeasonFeedsTheSecondSeasonInputs() {
        List<Feature> all = List.of(Feature.VALUE, Feature.SEASON2_DIFF, Feature.DIFF, Feature.SEASON2_AHEAD);
        assertThat(ForecastSettings.defaults().readableInputs(all)).containsExactly(Feature.VALUE, Feature.DIFF);
        assertThat(new ForecastSettings(48, 169, 24, 0.9, 24, Duration.ofHours(1)).readableInputs(all))
                .containsExactlyElementsOf(all);
    }
}
