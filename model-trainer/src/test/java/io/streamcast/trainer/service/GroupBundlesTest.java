package io.streamcast.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.testing.TestModels;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a group's trainer publishes declares the group; without a deployment file, none. */
class GroupBundlesTest {
    private static final ForecastSettings SENSORS = ForecastSettings.builder().horizon(12).window(289).season(288)
            .defaultStep(Duration.ofMinutes(5)).build();
    private static final TrainerConfig PLAIN = TrainerConfig.defaults("k:9092", ForecastSettings.defaults());
    private static final TrainerConfig GROUP = PLAIN.forGroup("sensors", "sensors-lstm", SENSORS,
            HistoryInputs.of("sensor-readings"), PLAIN.topics());

    @Test
    void aGroupsBundlesAndRetirementsDeclareItAndThoseWithoutAFileNone() {
        ModelBundle bundle = TestModels.bundle(SENSORS, "v1", 1);
        assertThat(bundle.metadata().group()).isNull();
        assertThat(GroupBundles.declared(PLAIN, bundle)).isSameAs(bundle);
        ModelBundle declared = GroupBundles.declared(GROUP, bundle);
        assertThat(declared.metadata().group()).isEqualTo("sensors");
        assertThat(declared.weights()).isEqualTo(bundle.weights());
        assertThat(GroupBundles.declared(GROUP, declared)).isSameAs(declared);
        assertThatThrownBy(() -> GroupBundles.declared(GROUP, ModelBundle.create(bundle.metadata().withGroup("stocks"),
                bundle.weights()))).hasMessageContaining("declares group stocks, not sensors");

        ModelBundle retirement = GroupBundles.retirement(GROUP, "sensors-lstm-x");
        assertThat(retirement.retirement()).isTrue();
        assertThat(retirement.metadata().group()).isEqualTo("sensors");
        assertThat(retirement.metadata().modelName()).isEqualTo("sensors-lstm");
        assertThat(retirement.metadata().horizon()).isEqualTo(12);
        assertThat(retirement.metadata().season()).isEqualTo(288);
        assertThat(GroupBundles.retirement(PLAIN, "lstm-x").metadata().group()).isNull();
    }

    @Test
    void versionsNameTheGroupAndStayLegalForTheLongestGroupName() {
        assertThat(GroupBundles.newVersion(null)).matches("lstm-\\d{8}T\\d{6}Z-[0-9a-f]{4}");
        assertThat(GroupBundles.newVersion("sensors")).matches("sensors-lstm-\\d{8}T\\d{6}Z-[0-9a-f]{4}");
        String longest = "g".repeat(48);
        String version = GroupBundles.newVersion(longest);
        assertThat("retire-" + version).matches(ModelMetadata.VERSION_PATTERN);
        assertThat(version).startsWith("g".repeat(GroupBundles.GROUP_PREFIX) + "-lstm-");
    }
}
