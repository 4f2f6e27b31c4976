package io.streamcast.trainer.service;

import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.deployment.Deployment;
import io.streamcast.options.deployment.ForecastGroup;
import java.util.List;

/**
 * A deployment file's groups as trainer configurations, one per group: the group's model name, shape
 * (horizon, season, window, coverage, gap fill) and inputs (topics or pattern), the deployment's model topics;
 * the schedule, training budget, cluster and trust shared by all (from the trainer's flags).
 */
public final class DeploymentTrainers {
    private DeploymentTrainers() {}

    /**
     * @param shared the trainer's configuration from its flags: schedule, budget, cluster, trust; its topic
     *               names give only the observations name of a pattern group's {@link TopicNames} (never read:
     *               the history comes from the group's inputs)
     */
    public static List<TrainerConfig> configs(TrainerConfig shared, Deployment deployment) {
        return deployment.groups().stream().map(g -> forGroup(shared, deployment, g)).toList();
    }

    public static TrainerConfig forGroup(TrainerConfig shared, Deployment deployment, ForecastGroup group) {
        HistoryInputs inputs = new HistoryInputs(group.inputTopics(), group.inputPattern());
        // a named group's first input stands as its "observations" topic; the trainer reads inputs, not this name
        String observations = group.inputTopics().isEmpty() ? shared.topics().observations()
                : group.inputTopics().get(0);
        TopicNames names = new TopicNames(observations, group.topics().forecasts(), group.topics().deadLetters(),
                group.topics().accuracy(), deployment.modelUpdates(), deployment.modelArchive(),
                deployment.modelDecisions());
        return shared.forGroup(group.name(), group.modelName(), group.forecast(), inputs, names);
    }
}
