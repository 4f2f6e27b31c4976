package io.streamcast.options.deployment;

import io.streamcast.core.forecast.ForecastSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One forecast group of a deployment: series that share an input topic (or a pattern of them), a shape
 * (horizon, season, window, coverage, gap policy), an idle-key TTL, output topics and the model that serves
 * them. Series ids are the group's own: the same id in two groups is two series.
 *
 * @param name         the group's name, also the prefix of its derived topic, store and model names
 * @param inputTopics  the input topics by name; empty when {@code inputPattern} is given
 * @param inputPattern a pattern of input topic names, or null when {@code inputTopics} are given
 * @param topics       the group's output topics
 * @param forecast     horizon, window, season, coverage, gap policy and first step of the group's forecasts
 * @param idleTtl      keys idle for longer than this (in event time) are deleted from the group's state
 * @param modelName    the key on the model-updates topic whose bundles serve this group
 */
public record ForecastGroup(String name, List<String> inputTopics, Pattern inputPattern, GroupTopics topics,
                            ForecastSettings forecast, Duration idleTtl, String modelName) {
    /** The name of the group a deployment without a deployment file has: today's single group. */
    public static final String DEFAULT = "default";

    public ForecastGroup {
        Objects.requireNonNull(name, "name");
        inputTopics = List.copyOf(inputTopics);
        if (inputTopics.isEmpty() == (inputPattern == null)) {
            throw new IllegalArgumentException("group '" + name + "' needs input topics or an input pattern, not both");
        }
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(idleTtl, "idleTtl");
        Objects.requireNonNull(modelName, "modelName");
    }

    /** Whether {@code topic} is one of this group's inputs. */
    public boolean reads(String topic) {
        return inputPattern != null ? inputPattern.matcher(topic).matches() : inputTopics.contains(topic);
    }

    /**
     * The output topics of a group.
     *
     * @param forecasts   one forecast per accepted observation
     * @param accuracy    periodic per-key rolling accuracy
     * @param deadLetters rejected input records, unchanged, with the reason in headers
     */
    public record GroupTopics(String forecasts, String accuracy, String deadLetters) {
        public GroupTopics {
            Objects.requireNonNull(forecasts, "forecasts");
            Objects.requireNonNull(accuracy, "accuracy");
            Objects.requireNonNull(deadLetters, "deadLetters");
        }

        /** The names a group gets when its file names none: {@code <group>-forecasts}, … */
        public static GroupTopics derived(String group) {
            return new GroupTopics(group + "-forecasts", group + "-forecast-accuracy", group + "-dlq");
        }
    }
}
