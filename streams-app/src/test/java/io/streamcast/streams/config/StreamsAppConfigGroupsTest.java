package io.streamcast.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.kafka.client.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What one application cannot serve together is refused when its configuration is made. */
class StreamsAppConfigGroupsTest {
    private static final StreamsAppConfig BASE = StreamsAppConfig.defaults("k:9092");

    private static ForecastGroupConfig group(String name, String input, Pattern pattern, String model, String updates) {
        TopicNames names = new TopicNames(input == null ? name + "-input-pattern" : input, name + "-forecasts",
                name + "-dlq", name + "-accuracy", updates, "model-archive", "model-decisions");
        return new ForecastGroupConfig(name, names, input == null ? List.of() : List.of(input), pattern,
                ForecastSettings.defaults(), model, Duration.ofDays(7), Duration.ofHours(1), Duration.ofDays(1), 48,
                1024);
    }

    @Test
    void distinctGroupsAreOneDeployment() {
        StreamsAppConfig c = BASE.withGroups(List.of(group("a", "in-a", null, "a-lstm", "models"),
                group("b", null, Pattern.compile("in-b-.*"), "b-lstm", "models")));
        assertThat(c.hasGroups()).isTrue();
        assertThat(c.topology().group()).isEqualTo("a");
        assertThat(c.group("b").inputsDescription()).isEqualTo("/in-b-.*/");
        assertThat(c.group("c")).isNull();
    }

    @Test
    void groupsThatWouldMixTheirRecordsAreRefused() {
        assertThatThrownBy(() -> BASE.withGroups(List.of())).hasMessageContaining("at least one group");
        assertThatThrownBy(() -> BASE.withGroups(List.of(group("a", "in-a", null, "a-lstm", "models"),
                group("a", "in-b", null, "b-lstm", "models")))).hasMessageContaining("two groups are named 'a'");
        assertThatThrownBy(() -> BASE.withGroups(List.of(group("a", "in-a", null, "m", "models"),
                group("b", "in-b", null, "m", "models")))).hasMessageContaining("two groups serve model 'm'");
        assertThatThrownBy(() -> BASE.withGroups(List.of(group("a", "in", null, "a-lstm", "models"),
                group("b", "in", null, "b-lstm", "models")))).hasMessageContaining("topic in belongs to groups a and b");
        assertThatThrownBy(() -> BASE.withGroups(List.of(group("a", "in-a", null, "a-lstm", "models"),
                group("b", "in-b", null, "b-lstm", "other-models")))).hasMessageContaining("one topic serves all");
        // a pattern that would read another group's forecasts
        assertThatThrownBy(() -> BASE.withGroups(List.of(group("a", "in-a", null, "a-lstm", "models"),
                group("b", null, Pattern.compile("a-.*"), "b-lstm", "models"))))
                .hasMessageContaining("group b's input pattern matches a-");
        // ... or its own forecasts
        assertThatThrownBy(() -> BASE.withGroups(List.of(group("b", null, Pattern.compile("b-.*"), "b-lstm",
                "models")))).hasMessageContaining("group b's input pattern matches b-forecasts of group b");
    }
}
