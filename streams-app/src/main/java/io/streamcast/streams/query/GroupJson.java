package io.streamcast.streams.query;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.streamcast.streams.config.ForecastGroupConfig;
import java.util.List;

/**
 * A forecast group as {@code GET /groups} lists it (docs/rest.md): its inputs (the topic names, or the pattern),
 * topics, forecast shape and model.
 *
 * @param inputPattern the pattern of input topic names; absent when the group reads {@code inputs}
 * @param inputs       the input topics; absent when the group reads a pattern
 * @param stepMs       the default step, in milliseconds
 * @param modelVersion the version the group serves now ({@code baseline} before any model)
 */
@JsonPropertyOrder({"name", "input_pattern", "inputs", "forecasts_topic", "accuracy_topic", "dlq_topic", "horizon",
    "season", "window", "coverage", "step_ms", "model_name", "model_version"})
public record GroupJson(
        @JsonProperty("name") String name,
        @JsonProperty("input_pattern") @JsonInclude(NON_NULL) String inputPattern,
        @JsonProperty("inputs") @JsonInclude(NON_NULL) List<String> inputs,
        @JsonProperty("forecasts_topic") String forecastsTopic,
        @JsonProperty("accuracy_topic") String accuracyTopic,
        @JsonProperty("dlq_topic") String dlqTopic,
        @JsonProperty("horizon") int horizon,
        @JsonProperty("season") int season,
        @JsonProperty("window") int window,
        @JsonProperty("coverage") double coverage,
        @JsonProperty("step_ms") long stepMs,
        @JsonProperty("model_name") String modelName,
        @JsonProperty("model_version") String modelVersion) {

    /** The {@code GET /groups} body: {@code {"groups": [...]}}, in the deployment's order. */
    public record Listing(@JsonProperty("groups") List<GroupJson> groups) {}

    /** @param modelVersion the version the group serves now ({@code baseline} before any model) */
    public static GroupJson describe(ForecastGroupConfig group, String modelVersion) {
        boolean pattern = group.inputPattern() != null;
        return new GroupJson(group.group(), pattern ? group.inputPattern().pattern() : null,
                pattern ? null : group.inputTopics(), group.topics().forecasts(), group.topics().accuracy(),
                group.topics().deadLetters(), group.forecast().horizon(), group.forecast().season(),
                group.forecast().window(), group.forecast().coverage(), group.forecast().defaultStep().toMillis(),
                group.modelName(), modelVersion);
    }
}
