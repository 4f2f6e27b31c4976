package io.streamcast.streams.config;

import io.streamcast.options.deployment.Deployment;
import io.streamcast.options.deployment.ForecastGroup;
import java.util.List;

/**
 * A deployment file's groups as streams-app serves them: one {@link ForecastGroupConfig} per group, with the group's
 * inputs, output topics, shape, idle TTL and model name, and the deployment's model topics. What the file does not
 * declare per group (the idle-key scan interval, the future-skew limit, the accuracy cadence, the key size limit)
 * comes from {@code base}, the flags and environment; so does each part of the emit policy a group's entry does not
 * set ({@code emit-every}, {@code emit-tolerance}).
 */
public final class DeploymentGroups {
    private DeploymentGroups() {}

    public static List<ForecastGroupConfig> topologies(Deployment deployment, ForecastGroupConfig base) {
        return deployment.groups().stream().map(g -> topology(deployment, g, base)).toList();
    }

    static ForecastGroupConfig topology(Deployment deployment, ForecastGroup g, ForecastGroupConfig base) {
        return new ForecastGroupConfig(g.name(), deployment.topicNames(g), g.inputTopics(), g.inputPattern(), g.forecast(), g.modelName(),
                g.idleTtl(), base.expiryScanInterval(), base.maxFutureSkew(), base.accuracyEvery(),
                base.maxKeyBytes(), output(g.output(), base.output()));
    }

    static ForecastOutput output(ForecastGroup.Output declared, ForecastOutput base) {
        return new ForecastOutput(declared.emitEvery() != null ? declared.emitEvery() : base.emitEvery(),
                declared.emitTolerance() != null ? declared.emitTolerance() : base.emitTolerance());
    }
}
