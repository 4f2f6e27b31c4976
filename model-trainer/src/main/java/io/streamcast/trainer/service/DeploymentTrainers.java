package io.streamcast.trainer.service;

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
     * @param shared the trainer's configuration from its flags: schedule, budget, cluster, trust (its topic names
     *               are replaced by the group's, {@link Deployment#topicNames})
     */
    public static List<TrainerConfig> configs(TrainerConfig shared, Deployment deployment) {
        return deployment.groups().stream().map(g -> forGroup(shared, deployment, g)).toList();
    }

    public static TrainerConfig forGroup(TrainerConfig shared, Deployment deployment, ForecastGroup group) {
        HistoryInputs inputs = new HistoryInputs(group.inputTopics(), group.inputPattern());
        // the trainer reads its inputs, never the names' observations topic
        return shared.forGroup(group.name(), group.modelName(), group.forecast(), inputs,
                deployment.topicNames(group));
    }
}
