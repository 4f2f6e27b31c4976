package io.streamcast.cli.services;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.KafkaOptions;
import io.streamcast.kafka.client.TopicOptions;
import io.streamcast.options.EnvironmentDefaults;
import io.streamcast.options.ModelNameOption;
import io.streamcast.options.ModelTrustOption;
import io.streamcast.options.deployment.Deployment;
import io.streamcast.options.deployment.DeploymentArgument;
import io.streamcast.options.deployment.ForecastGroup;
import io.streamcast.trainer.run.TrainerCommand;
import io.streamcast.trainer.service.DeploymentTrainers;
import io.streamcast.trainer.service.ModelAdmin;
import io.streamcast.trainer.service.TrainerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code streamcast model list|rollback}: the archive of published models, of one model name: {@code --model-name},
 * or the model of forecast group {@code --group} of a {@code --deployment} file. Its options, the subcommands'
 * too, read the environment as the services' do ({@link EnvironmentDefaults}).
 */
@Command(name = "model", mixinStandardHelpOptions = true, defaultValueProvider = EnvironmentDefaults.class,
        description = {"List published models or roll back to an archived one.",
                "The model: --model-name's, or with --deployment FILE that of its --group G",
                "(optional when the file has one group); without a file only --group default."},
        subcommands = {ModelCommand.ListModels.class, ModelCommand.Rollback.class})
public final class ModelCommand {
    /** --bootstrap, --kafka-config (alias --config) and STREAMCAST_KAFKA_* client properties; before or after
     *  the subcommand. */
    @Mixin
    KafkaOptions kafka;

    /** The deployment's topic names: --observations-topic etc. */
    @Mixin
    TopicOptions topics;

    /** --model-name, before or after the subcommand. */
    @Mixin
    ModelNameOption model;

    @Mixin
    ModelTrustOption modelTrust;

    @Option(names = "--deployment", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "A deployment file (docs/configuration.md): its --group's model name and its model "
                    + "topics.")
    Path deployment;

    @Option(names = "--group", paramLabel = "G", scope = ScopeType.INHERIT,
            description = "The forecast group whose model to list or roll back: one of --deployment's groups "
                    + "(default: its only one), or without a file '" + ForecastGroup.DEFAULT + "' (--model-name's).")
    String group;

    @Spec
    CommandSpec spec;

    ModelAdmin admin() {
        return new ModelAdmin(toConfig());
    }

    /** @throws ParameterException for a group the deployment (or, without one, the default group) does not have */
    TrainerConfig toConfig() {
        KafkaConnection connection = kafka.connection();
        TrainerConfig d = TrainerConfig.defaults(connection.bootstrapServers(), ForecastSettings.defaults());
        TrainerConfig flags = new TrainerConfig(connection.bootstrapServers(), topics.names(), model.name(),
                d.forecast(), d.training(), d.retrainEveryPoints(), d.retrainInterval(), d.minPoints(),
                d.maxPointsPerSeries(), d.maxSeries(), connection.properties(), modelTrust.trust());
        if (deployment == null) {
            if (group != null && !group.equals(ForecastGroup.DEFAULT)) {
                throw new ParameterException(spec.commandLine(), "--group " + group + " needs --deployment FILE: "
                        + "without one the only group is '" + ForecastGroup.DEFAULT + "' (--model-name's model)");
            }
            return flags;
        }
        Deployment file = readDeployment();
        return DeploymentTrainers.forGroup(flags, file, groupOf(file));
    }

    private Deployment readDeployment() {
        return DeploymentArgument.read(spec.commandLine(), "--deployment", deployment,
                TrainerCommand.REPLACED_BY_DEPLOYMENT.stream().filter(this::given).toList(),
                "the group's model name and topics come from the deployment file");
    }

    private ForecastGroup groupOf(Deployment file) {
        String names = String.join(", ", file.groups().stream().map(ForecastGroup::name).toList());
        if (group == null) {
            if (file.groups().size() == 1) {
                return file.groups().get(0);
            }
            throw new ParameterException(spec.commandLine(), "--group is needed: " + deployment + " has groups "
                    + names);
        }
        return file.group(group).orElseThrow(() -> new ParameterException(spec.commandLine(), "--group " + group
                + " is not a group of " + deployment + " (" + names + ")"));
    }

    /** Whether {@code option} was given, before or after the subcommand. */
    private boolean given(String option) {
        for (ParseResult r = spec.commandLine().getParseResult(); r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, defaultValueProvider = EnvironmentDefaults.class,
            description = "Archived model versions with their backtest metrics.")
    static final class ListModels implements Callable<Integer> {
        @ParentCommand
        ModelCommand parent;

        @Override
        public Integer call() {
            List<ModelAdmin.Entry> entries = parent.admin().list();
            System.out.printf("%-2s %-34s %-20s %8s %10s %8s  %s%n", "", "version", "created", "MASE", "snaive MASE",
                    "blend", "rollback of");
            for (ModelAdmin.Entry e : entries) {
                ModelMetadata m = e.metadata();
                System.out.printf("%-2s %-34s %-20s %8s %10s %8s  %s%n", e.current() ? "*" : "", m.version(),
                        m.createdAt().toString().substring(0, 19), fmt(m.backtestMetrics().get("mase")),
                        fmt(m.backtestMetrics().get("seasonal_naive_mase")), fmt(m.trainingMetrics().get("blend")),
                        m.rollbackOf() == null ? "" : m.rollbackOf());
            }
            TrainerConfig config = parent.toConfig();
            System.out.println(entries.size() + " archived models of " + config.modelName() + " (group "
                    + config.servedGroup() + "); * = serving now");
            return 0;
        }

        private static String fmt(Double v) {
            return v == null ? "-" : String.format("%.3f", v);
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, defaultValueProvider = EnvironmentDefaults.class,
            description = "Republish an archived model to model-updates; streams-app swaps to it.")
    static final class Rollback implements Callable<Integer> {
        @ParentCommand
        ModelCommand parent;

        @Option(names = "--to", required = true, paramLabel = "VERSION", description = "The archived version to serve.")
        String version;

        @Override
        public Integer call() throws Exception {
            ModelBundle published = parent.admin().rollback(version);
            System.out.println("rolled back " + published.metadata().modelName() + " (group "
                    + published.metadata().servedGroup() + ") to " + published.version() + " (was "
                    + published.metadata().rollbackOf() + ")");
            return 0;
        }
    }
}
