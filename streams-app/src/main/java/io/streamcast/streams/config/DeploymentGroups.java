package io.streamcast.streams.config;

import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.deployment.Deployment;
import io.streamcast.options.deployment.ForecastGroup;
import java.util.List;

/**
 * A deployment file's groups as streams-app serves them: one {@link TopologyConfig} per group, with the group's
 * inputs, output topics, shape, idle TTL and model name, and the deployment's model topics. What the file does not
 * declare per group (the idle-key scan interval, the future-skew limit, the accuracy cadence, the key size limit)
 * comes from {@code base}, the flags and environment.
 */
public final class DeploymentGroups {
    private DeploymentGroups() {}

    public static List<TopologyConfig> topologies(Deployment deployment, TopologyConfig base) {
        return deployment.groups().stream().map(g -> topology(deployment, g, base)).toList();
    }

    static TopologyConfig topology(Deployment deployment, ForecastGroup g, TopologyConfig base) {
        ForecastGroup.GroupTopics out = g.topics();
        // TopicNames wants an observations name: the first input, or for a pattern a name no topic of the
        // deployment has (the source reads the pattern; the name is never used)
        String observations = g.inputPattern() == null ? g.inputTopics().get(0) : g.name() + "-input-pattern";
        TopicNames names = new TopicNames(observations, out.forecasts(), out.deadLetters(), out.accuracy(),
                deployment.modelUpdates(), deployment.modelArchive(), deployment.modelDecisions());
        return new TopologyConfig(g.name(), names, g.inputTopics(), g.inputPattern(), g.forecast(), g.modelName(),
                g.idleTtl(), base.expiryScanInterval(), base.maxFutureSkew(), base.accuracyEvery(),
                base.maxKeyBytes());
    }
}
