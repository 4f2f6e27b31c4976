package io.streamcast.streams.query;

import io.streamcast.streams.config.TopologyConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** A forecast group as {@code GET /groups} lists it (docs/rest.md). */
public final class GroupJson {
    private GroupJson() {}

    /** @param modelVersion the version the group serves now ({@code baseline} before any model) */
    public static Map<String, Object> describe(TopologyConfig group, String modelVersion) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("name", group.group());
        if (group.inputPattern() != null) {
            g.put("input_pattern", group.inputPattern().pattern());
        } else {
            g.put("inputs", group.inputTopics());
        }
        g.put("forecasts_topic", group.topics().forecasts());
        g.put("accuracy_topic", group.topics().accuracy());
        g.put("dlq_topic", group.topics().deadLetters());
        g.put("horizon", group.forecast().horizon());
        g.put("season", group.forecast().season());
        g.put("window", group.forecast().window());
        g.put("coverage", group.forecast().coverage());
        g.put("step_ms", group.forecast().defaultStep().toMillis());
        g.put("model_name", group.modelName());
        g.put("model_version", modelVersion);
        return g;
    }
}
