package io.streamcast.options.deployment;

import io.streamcast.kafka.client.TopicNames;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one streamcast deployment serves: its forecast groups and the model topics they share (bundles are keyed by
 * model name, so one model-updates topic carries every group's model).
 *
 * @param groups         the groups, in the file's order; names, inputs, output topics and model names all distinct
 * @param modelUpdates   compacted: the bundle each model name serves
 * @param modelArchive   compacted: every published bundle, by version
 * @param modelDecisions the trainer's decisions
 */
public record Deployment(List<ForecastGroup> groups, String modelUpdates, String modelArchive,
                         String modelDecisions) {
    public Deployment {
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a deployment needs at least one group");
        }
        Objects.requireNonNull(modelUpdates, "modelUpdates");
        Objects.requireNonNull(modelArchive, "modelArchive");
        Objects.requireNonNull(modelDecisions, "modelDecisions");
    }

    public Optional<ForecastGroup> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /**
     * A group's topics as the services name them: its first input as the observations topic (for a group reading
     * a pattern, {@code <group>-input-pattern}, a name no topic of the deployment has: the pattern is read, this
     * name never), its outputs, and the deployment's model topics.
     */
    public TopicNames topicNames(ForecastGroup group) {
        String observations = group.inputPattern() == null ? group.inputTopics().get(0)
                : group.name() + "-input-pattern";
        ForecastGroup.GroupTopics out = group.topics();
        return new TopicNames(observations, out.forecasts(), out.deadLetters(), out.accuracy(), modelUpdates,
                modelArchive, modelDecisions);
    }

    /** The group that reads {@code topic}, if any (groups' inputs never overlap). */
    public Optional<ForecastGroup> groupReading(String topic) {
        return groups.stream().filter(g -> g.reads(topic)).findFirst();
    }
}
