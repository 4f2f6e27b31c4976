package io.streamcast.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.streams.config.ForecastGroupConfig;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A group as {@code GET /groups} lists it: the keys, their order and their types are read by clients. */
class GroupJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ForecastGroupConfig group(String name, List<String> inputs, Pattern pattern) {
        TopicNames names = new TopicNames(inputs.isEmpty() ? name + "-input-pattern" : inputs.get(0),
                name + "-forecasts", name + "-dlq", name + "-forecast-accuracy", "model-updates", "model-archive",
                "model-decisions");
        return new ForecastGroupConfig(name, names, inputs, pattern,
                ForecastSettings.builder().horizon(3).window(10).season(5).coverage(0.8).maxGapFill(3)
                        .defaultStep(Duration.ofDays(1)).build(), name + "-lstm", Duration.ofDays(30),
                Duration.ofHours(1), Duration.ofDays(1), 48, 1024);
    }

    @Test
    void aGroupReadingTopicsListsThemAndItsShape() throws Exception {
        ForecastGroupConfig sensors = group("sensors", List.of("machine-sensors", "more-sensors"), null);
        assertThat(JSON.writeValueAsString(GroupJson.describe(sensors, "baseline"))).isEqualTo("{\"name\":\"sensors\","
                + "\"inputs\":[\"machine-sensors\",\"more-sensors\"],\"forecasts_topic\":\"sensors-forecasts\","
                + "\"accuracy_topic\":\"sensors-forecast-accuracy\",\"dlq_topic\":\"sensors-dlq\",\"horizon\":3,"
                + "\"season\":5,\"window\":10,\"coverage\":0.8,\"step_ms\":86400000,\"model_name\":\"sensors-lstm\","
                + "\"model_version\":\"baseline\"}");
    }

    @Test
    void aGroupReadingAPatternNamesThePatternInsteadOfInputs() throws Exception {
        ForecastGroupConfig stocks = group("stocks", List.of(), Pattern.compile("closes-.*"));
        assertThat(JSON.writeValueAsString(GroupJson.describe(stocks, "stocks-v1"))).isEqualTo("{\"name\":\"stocks\","
                + "\"input_pattern\":\"closes-.*\",\"forecasts_topic\":\"stocks-forecasts\","
                + "\"accuracy_topic\":\"stocks-forecast-accuracy\",\"dlq_topic\":\"stocks-dlq\",\"horizon\":3,"
                + "\"season\":5,\"window\":10,\"coverage\":0.8,\"step_ms\":86400000,\"model_name\":\"stocks-lstm\","
                + "\"model_version\":\"stocks-v1\"}");
    }
}
