package io.streamcast.cli.services;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.KafkaOptions;
import io.streamcast.kafka.client.TopicOptions;
import io.streamcast.trainer.service.ModelAdmin;
import io.streamcast.trainer.service.TrainerConfig;
import java.util.List;
import java.util.concurrent.Callable;
import io.streamcast.options.ModelNameOption;
import io.streamcast.options.ModelTrustOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code streamcast model list|rollback}: the archive of published models. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "List published models or roll back to an archived one.",
        subcommands = {ModelCommand.ListModels.class, ModelCommand.Rollback.class})
public final class ModelCommand {
    /** --bootstrap, --kafka-config (alias --config) and STREAMCAST_KAFKA_* client properties; before or after
     *  the subcommand. */
    @Mixin
    KafkaOptions kafka;

    /** --model-name, before or after the subcommand. */
    /** The deployment's topic names: --observations-topic etc., STREAMCAST_*_TOPIC. */
    @Mixin
    TopicOptions topics;

    @Mixin
    ModelNameOption model;

    @Mixin
    ModelTrustOption modelTrust;

    ModelAdmin admin() {
        return new ModelAdmin(toConfig());
    }

    TrainerConfig toConfig() {
        KafkaConnection connection = kafka.connection();
        TrainerConfig d = TrainerConfig.defaults(connection.bootstrapServers(), ForecastSettings.defaults());
        return new TrainerConfig(connection.bootstrapServers(), topics.names(), model.name(), d.forecast(),
                d.training(), d.retrainEveryPoints(), d.retrainInterval(), d.minPoints(), d.maxPointsPerSeries(),
                d.maxSeries(), connection.properties(), modelTrust.trust());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Archived model versions with their backtest metrics.")
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
            System.out.println(entries.size() + " archived models; * = serving now");
            return 0;
        }

        private static String fmt(Double v) {
            return v == null ? "-" : String.format("%.3f", v);
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Republish an archived model to model-updates; streams-app swaps to it.")
    static final class Rollback implements Callable<Integer> {
        @ParentCommand
        ModelCommand parent;

        @Option(names = "--to", required = true, paramLabel = "VERSION", description = "The archived version to serve.")
        String version;

        @Override
        public Integer call() throws Exception {
            ModelBundle published = parent.admin().rollback(version);
            System.out.println("rolled back to " + published.version() + " (was "
                    + published.metadata().rollbackOf() + ")");
            return 0;
        }
    }
}
