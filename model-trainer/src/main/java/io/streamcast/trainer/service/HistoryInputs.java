package io.streamcast.trainer.service;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The topics a trainer's history comes from: named topics (the observations topic without a deployment file, a
 * group's {@code inputs} with one), or a pattern of topic names (a group's {@code input-pattern}), matched against
 * the cluster's topics each time the history reader looks for new partitions.
 *
 * @param topics  the input topics by name; empty when {@code pattern} is given
 * @param pattern a pattern of input topic names (whole-name match), or null
 */
public record HistoryInputs(List<String> topics, Pattern pattern) {
    public HistoryInputs {
        topics = List.copyOf(topics);
        if (topics.isEmpty() == (pattern == null)) {
            throw new IllegalArgumentException("history inputs need topic names or a pattern, not both");
        }
    }

    public static HistoryInputs of(String topic) {
        return new HistoryInputs(List.of(Objects.requireNonNull(topic, "topic")), null);
    }

    /** The inputs among {@code existing} (the cluster's topic names), or the named topics whether they exist or not. */
    List<String> resolve(Collection<String> existing) {
        if (pattern == null) {
            return topics;
        }
        return existing.stream().filter(t -> pattern.matcher(t).matches()).sorted().toList();
    }

    /** For logs: {@code a, b} or {@code pattern 'x-.*'}. */
    public String describe() {
        return pattern == null ? String.join(", ", topics) : "pattern '" + pattern.pattern() + "'";
    }
}
