package io.streamcast.trainer.run;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.http.HttpSettings;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.KafkaOptions;
import io.streamcast.kafka.client.TopicOptions;
import io.streamcast.options.EnvironmentDefaults;
import io.streamcast.options.ForecastOptions;
import io.streamcast.options.HttpBindOption;
import io.streamcast.options.ModelNameOption;
import io.streamcast.options.ModelTrustOption;
import io.streamcast.options.ServiceMetrics;
import io.streamcast.options.ShutdownSignal;
import io.streamcast.options.deployment.Deployment;
import io.streamcast.options.deployment.DeploymentArgument;
import io.streamcast.trainer.service.DeploymentTrainers;
import io.streamcast.trainer.service.TrainerConfig;
import io.streamcast.trainer.service.TrainerGroups;
import io.streamcast.trainer.service.TrainerHttpServer;
import io.streamcast.trainer.training.TrainerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code trainer}: the model-trainer service against an existing cluster until interrupted (the trainer's
 * counterpart of streams-app's {@code StreamsAppCommand}; {@code ./streamcast trainer}). Every option has an
 * environment variable, {@code --min-points}'s is {@code STREAMCAST_MIN_POINTS} ({@link EnvironmentDefaults};
 * docs/configuration.md).
 */
@Command(name = "trainer", mixinStandardHelpOptions = true, defaultValueProvider = EnvironmentDefaults.class,
        description = {"Run model-trainer against a Kafka cluster until Ctrl-C.",
                "Consumes the history topic, retrains the LSTM, gates it against the champion, the baseline",
                "forecaster and seasonal naive, publishes better models to the compacted model-updates topic",
                "(archived by version). Several trainers of one model elect one leader through Kafka, which",
                "trains and publishes; the others stand by and take over when it stops (docs/trainer.md).",
                "--horizon and --season must match streams-app's, --window must not exceed it;",
                "--coverage, --max-gap-fill: as streams-app's (the gate's backtest uses them).",
                "With --deployment, one model per forecast group of the file, each from its group's inputs",
                "with its group's shape, under its model name, with its own leader; the schedule and budget",
                "options apply to every group; shape, --model-name and topic options are then refused."})
public final class TrainerCommand implements Callable<Integer> {
    /** How long a SIGTERM waits for the trainers to close; below the Deployment's terminationGracePeriodSeconds of 30. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(25);

    /** --bootstrap, --kafka-config (alias --config) and STREAMCAST_KAFKA_* client properties. */
    @Mixin
    KafkaOptions kafka;

    /** The deployment's topic names: --observations-topic etc. */
    @Mixin
    TopicOptions topics;

    /** --horizon, --window, --season, --coverage, --max-gap-fill, as streams-app. */
    @Mixin
    ForecastOptions forecast = ForecastOptions.serviceDefaults();

    /** --model-name: the model to publish. */
    @Mixin
    ModelNameOption model;

    @Option(names = "--deployment", paramLabel = "FILE",
            description = "A deployment file (docs/configuration.md): train one model per forecast group, each "
                    + "with the group's inputs, shape and model name (default none: one group from the shape, "
                    + "--model-name and topic options).")
    Path deployment;

    @Spec
    CommandSpec spec;

    @Option(names = "--retrain-every", defaultValue = "" + TrainerConfig.DEFAULT_RETRAIN_EVERY,
            description = "Retrain after this many new observations (default ${DEFAULT-VALUE}).")
    long retrainEvery;

    @Option(names = "--retrain-interval", defaultValue = TrainerConfig.DEFAULT_RETRAIN_INTERVAL,
            description = "... or after this long with new data, e.g. 30m or PT30M (default ${DEFAULT-VALUE}).")
    Duration retrainInterval;

    @Option(names = "--min-points", defaultValue = "" + TrainerConfig.DEFAULT_MIN_POINTS,
            description = "History needed before the first training (default ${DEFAULT-VALUE}).")
    long minPoints;

    @Option(names = "--train-seconds", defaultValue = "" + TrainerSettings.DEFAULT_TRAIN_SECONDS,
            description = "Wall-clock cap of one training run (default ${DEFAULT-VALUE}); a run also ends after "
                    + TrainerSettings.DEFAULT_PASSES + " passes over its "
                    + "sequences (at least " + TrainerSettings.DEFAULT_MIN_UPDATES + " updates) or when validation "
                    + "stops improving.")
    int trainSeconds;

    @Option(names = "--http-port", defaultValue = "8081",
            description = {"Port of /metrics and /health, 0 = any free port (default ${DEFAULT-VALUE}).",
                "With env STREAMCAST_HTTP_TOKEN set (never a flag), /metrics needs the header Authorization: "
                    + "Bearer <token>; /health stays open."})
    int httpPort;

    @Mixin
    HttpBindOption httpBind;

    @Mixin
    ModelTrustOption modelTrust;

    @Option(names = "--once", description = "Once this trainer leads its model (waiting up to 60 s), read the "
            + "history topic to its end, train once, publish if promoted, exit; with --deployment, each group in "
            + "turn (a failed group does not stop the next; the exit code says if one failed).")
    boolean once;

    /** The key, or explicit permission to publish unsigned: a trainer nobody can verify must be a choice. */
    private ModelTrust trust() {
        ModelTrust trust = modelTrust.trust();
        if (trust.mode().equals("none")) {
            throw new IllegalArgumentException("no " + ModelTrust.KEY_ENV + " is set: set it (streams-app needs the "
                    + "same key) or pass --allow-unsigned to publish unsigned bundles");
        }
        if (!trust.hasKey()) {
            System.err.println("trainer: publishing UNSIGNED bundles (--allow-unsigned); streams-app serves them "
                    + "only with --allow-unsigned");
        }
        return trust;
    }

    @Override
    public Integer call() throws Exception {
        List<TrainerConfig> configs = toConfigs();
        HttpSettings httpSettings = httpBind.settings(httpPort);
        PrometheusMeterRegistry registry = ServiceMetrics.prometheusRegistry();
        if (deployment != null) {
            configs.forEach(c -> System.out.println("trainer: group " + c.group() + ": model " + c.modelName()
                    + ", H=" + c.forecast().horizon() + " m=" + c.forecast().season() + " W=" + c.forecast().window()
                    + ", history from " + c.inputs().describe()));
        }
        if (once) {
            try (TrainerGroups trainers = new TrainerGroups(configs, System.out::println, registry)) {
                trainers.runOnce((c, decision) -> System.out.println((c.group() == null ? "" : "group " + c.group()
                        + " ") + "decision=" + decision.decision()), System.out::println);
                return 0;
            }
        }
        // the signal outlives the trainers: a SIGTERM waits until they closed (a round cancelled, the leader's
        // lease given up) instead of halting the JVM in the middle of it
        try (ShutdownSignal shutdown = ShutdownSignal.install("trainer", SHUTDOWN_GRACE);
             TrainerGroups trainers = new TrainerGroups(configs, System.out::println, registry)) {
            trainers.start();
            try (TrainerHttpServer http = new TrainerHttpServer(httpSettings, registry::scrape,
                    trainers.services())) {
                System.out.println("trainer: http=" + httpSettings.scheme() + "://" + http.boundAddress() + " (/health, /metrics), "
                        + httpSettings.authDescription());
                shutdown.await();
            }
        }
        System.out.println("trainer: stopped");
        return 0;
    }

    /**
     * One configuration per group: the deployment file's groups, or the one group of the options.
     *
     * @throws ParameterException when the file cannot be used (each problem on its own line, {@code FILE:LINE:
     *                            ...}), or options it replaces are given beside it
     */
    List<TrainerConfig> toConfigs() {
        if (deployment == null) {
            return List.of(toConfig());
        }
        List<String> replaced = new ArrayList<>(forecast.given());
        replaced.addAll(DeploymentArgument.given(spec.commandLine(), REPLACED_BY_DEPLOYMENT));
        Deployment file = DeploymentArgument.read(spec.commandLine(), "--deployment", deployment, replaced,
                "each group's shape, model name and topics come from the deployment file");
        try {
            return DeploymentTrainers.configs(toConfig(), file);
        } catch (IllegalArgumentException e) { // e.g. a group's topic names clash with the shared ones
            throw new ParameterException(spec.commandLine(), "--deployment " + deployment + ": " + e.getMessage());
        }
    }

    /** Options a deployment file gives per group: given beside it, they would be silently ignored. */
    public static final List<String> REPLACED_BY_DEPLOYMENT = DeploymentArgument.MODEL_AND_TOPIC_OPTIONS;

    TrainerConfig toConfig() {
        KafkaConnection connection = kafka.connection();
        ForecastSettings settings = forecast.settings(ForecastSettings.defaults());
        TrainerConfig defaults = TrainerConfig.defaults(connection.bootstrapServers(), settings);
        return new TrainerConfig(connection.bootstrapServers(), topics.names(), model.name(), settings,
                TrainerSettings.defaults().withMaxTrainTime(Duration.ofSeconds(trainSeconds)), retrainEvery,
                retrainInterval, minPoints, defaults.maxPointsPerSeries(), defaults.maxSeries(),
                connection.properties(), trust());
    }
}
