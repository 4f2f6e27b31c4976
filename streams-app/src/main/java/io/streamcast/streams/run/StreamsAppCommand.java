package io.streamcast.streams.run;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.core.model.KernelKind;
import io.streamcast.http.HttpSettings;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.KafkaOptions;
import io.streamcast.kafka.client.TopicOptions;
import io.streamcast.options.DurationConverter;
import io.streamcast.options.EnvironmentDefaults;
import io.streamcast.options.EnvironmentHelp;
import io.streamcast.options.ForecastOptions;
import io.streamcast.options.HttpBindOption;
import io.streamcast.options.ModelNameOption;
import io.streamcast.options.ModelTrustOption;
import io.streamcast.options.ServiceMetrics;
import io.streamcast.options.ShutdownSignal;
import io.streamcast.options.deployment.Deployment;
import io.streamcast.options.deployment.DeploymentArgument;
import io.streamcast.options.deployment.ForecastGroup;
import io.streamcast.streams.config.DeploymentGroups;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.config.ForecastOutput;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.config.TopicSetup;
import io.streamcast.streams.http.StreamsAppHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streams-app}: runs the forecasting topology against an existing Kafka cluster until interrupted.
 * Every option has an environment variable, {@code --key-ttl}'s is {@code STREAMCAST_KEY_TTL}
 * ({@link EnvironmentDefaults}; docs/configuration.md).
 */
@Command(name = "streams-app", mixinStandardHelpOptions = true, defaultValueProvider = EnvironmentDefaults.class,
        description = "Run the streamcast forecasting topology against a Kafka cluster until Ctrl-C.")
public final class StreamsAppCommand implements Callable<Integer> {
    /**
     * How long a SIGTERM waits for the close (Kafka Streams gets 30 s, {@link StreamsApp#close}); below the
     * StatefulSet's terminationGracePeriodSeconds of 60 (deploy/kubernetes).
     */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(45);


    /** --bootstrap, --kafka-config (alias --config) and STREAMCAST_KAFKA_* client properties. */
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--application-id", defaultValue = StreamsAppConfig.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id (default ${DEFAULT-VALUE}).")
    String applicationId;

    /** The deployment's topic names: --observations-topic etc. */
    @Mixin
    TopicOptions topics;

    /** --horizon, --window, --season, --coverage, --max-gap-fill. */
    @Mixin
    ForecastOptions forecast = ForecastOptions.serviceDefaults();

    @Option(names = "--kernel", defaultValue = "JAVA",
            description = "Serving step implementation: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    KernelKind kernel;

    /** --model-name: the model to serve. */
    @Mixin
    ModelNameOption model;

    @Option(names = "--key-ttl", defaultValue = ForecastGroup.DEFAULT_IDLE_TTL,
            description = "Keys idle this long in event time are deleted: 7d, 12h or ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration keyTtl;

    @Option(names = "--processing-guarantee", defaultValue = StreamsAppConfig.DEFAULT_PROCESSING_GUARANTEE,
            description = "exactly_once_v2 or at_least_once (default ${DEFAULT-VALUE}).")
    String processingGuarantee;

    @Option(names = "--commit-interval", defaultValue = StreamsAppConfig.DEFAULT_COMMIT_INTERVAL,
            description = "Commit interval, e.g. 100ms or PT0.1S; lower = lower latency, lower throughput (default "
                    + "${DEFAULT-VALUE}).")
    Duration commitInterval;

    @Option(names = "--state-dir", defaultValue = "${sys:java.io.tmpdir}/streamcast-state",
            description = "Local state directory (default ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--threads", defaultValue = "" + StreamsAppConfig.DEFAULT_THREADS,
            description = "Stream threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--create-topics", description = "Create missing topics first (observations and forecasts with "
            + "--partitions partitions, replication factor 1 unless --replication).")
    boolean createTopics;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions for --create-topics (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication", defaultValue = "1", description = "Replication factor for --create-topics (default ${DEFAULT-VALUE}).")
    short replication;

    @Option(names = "--http-port", defaultValue = "8080",
            description = {"Port of the REST API, the live page, /health and /metrics, 0 = any free port (default "
                    + "${DEFAULT-VALUE}).",
                "With env STREAMCAST_HTTP_TOKEN set (never a flag), every path but /health and the page's files "
                    + "needs the header Authorization: Bearer <token> (docs/rest.md)."})
    int httpPort;

    @Mixin
    HttpBindOption httpBind;

    @Option(names = "--advertised-http",
            description = "HOST:PORT other instances reach this one's REST API at, to forward queries for keys it "
                    + "owns (default: this host's address and the http port, localhost with a loopback "
                    + "--http-bind).")
    String advertisedHttp;

    @Mixin
    ModelTrustOption modelTrust;

    @Option(names = "--deployment", paramLabel = "FILE",
            description = {"A deployment file (YAML, docs/configuration.md) declaring forecast groups: each its own "
                    + "inputs, outputs, horizon, season, window, coverage, gap policy, idle TTL and model, all "
                    + "served by this one application. Without it: one group, "
                    + "'default', from the flags and environment.",
                "Beside it the flags it replaces are refused: --horizon, --window, --season, --coverage, "
                    + "--max-gap-fill, --model-name, --key-ttl and the topic flags."})
    Path deployment;

    @Spec
    CommandSpec spec;

    /** What a deployment file declares per group (or for the deployment), besides the shape: refused beside it. */
    static final List<String> REPLACED_BY_DEPLOYMENT = Stream.concat(
            DeploymentArgument.MODEL_AND_TOPIC_OPTIONS.stream(), Stream.of("--key-ttl")).toList();

    @Option(names = "--max-key-bytes", defaultValue = "" + StreamsAppConfig.DEFAULT_MAX_KEY_BYTES,
            description = "Input keys longer than this are dead-lettered as bad-key (default ${DEFAULT-VALUE}).")
    int maxKeyBytes;

    @Option(names = "--emit-every", paramLabel = "N", defaultValue = "1",
            description = "Write a key's forecast for its 1st, (N+1)th, (2N+1)th ... observation only; the others "
                    + "are suppressed and counted in streamcast_forecasts_suppressed_total "
                    + "(default ${DEFAULT-VALUE}: every one; a deployment file's group may set emit-every). "
                    + "With --emit-tolerance: write at least every N observations.")
    int emitEvery;

    @Option(names = "--emit-tolerance", paramLabel = "X|off", defaultValue = "off",
            description = "Write a key's forecast only when some step's mean moved by more than X times that step's "
                    + "interval half-width since the forecast last written for the key (same target times; 0: any "
                    + "move), or when that one no longer covers the next step; the first always. The others are "
                    + "suppressed and counted like --emit-every's (default ${DEFAULT-VALUE}; a deployment file's "
                    + "group may set emit-tolerance).")
    String emitTolerance;

    @Override
    public Integer call() throws Exception {
        StreamsAppConfig config = toConfig();
        boolean advertisedGiven = advertisedHttp != null && !advertisedHttp.isBlank();
        // the other instances ask for this one by its advertised name: answer to it (AllowedHosts)
        HttpSettings httpSettings = advertisedGiven ? httpBind.settings(httpPort).withAllowedHosts(advertisedHttp)
                : httpBind.settings(httpPort);
        if (createTopics) {
            try (Admin client = Admin.create(config.adminProperties())) {
                List<String> created = TopicSetup.ensure(client, config.groups(), partitions, replication);
                System.err.println("streams-app: created topics " + created);
            }
        }
        PrometheusMeterRegistry registry = ServiceMetrics.prometheusRegistry();
        try (ShutdownSignal shutdown = ShutdownSignal.install("streams-app", SHUTDOWN_GRACE);
             StreamsAppHttpServer http = new StreamsAppHttpServer(httpSettings, registry::scrape)) {
            String advertised = advertisedGiven ? advertisedHttp : AdvertisedAddress.derive(httpSettings, http.port());
            try (StreamsApp app = new StreamsApp(config.withApplicationServer(advertised), registry, httpSettings)) {
                app.start();
                http.serve(app.groupQueries(), app.health()::check);
                System.err.println("streams-app: http=" + httpSettings.scheme() + "://" + advertised
                        + " (REST, /health, /metrics) bound " + http.boundAddress() + ", "
                        + httpSettings.authDescription());
                if (config.hasGroups()) {
                    System.err.println("streams-app: groups " + config.groups().stream().map(g -> g.group() + " ("
                            + g.inputsDescription() + " -> " + g.topics().forecasts() + ", H=" + g.forecast().horizon()
                            + ", m=" + g.forecast().season() + ", model " + g.modelName() + ")").toList());
                }
                shutdown.await();
            }
            // printed once Kafka Streams has closed and left the group: a SIGTERM's stop ends here
            System.err.println("streams-app: stopped");
        }
        return 0;
    }

    StreamsAppConfig toConfig() {
        KafkaConnection connection = kafka.connection(); // without application.id: that is --application-id
        StreamsAppConfig d = StreamsAppConfig.defaults(connection.bootstrapServers());
        ForecastGroupConfig t = d.topology();
        ForecastGroupConfig topology = new ForecastGroupConfig(topics.names(), forecast.settings(t.forecast()), model.name(), keyTtl,
                t.expiryScanInterval(), t.maxFutureSkew(), t.accuracyEvery(), maxKeyBytes).withOutput(output());
        List<ForecastGroupConfig> groups = deployment == null ? List.of(topology)
                : DeploymentGroups.topologies(readDeployment(), topology);
        return new StreamsAppConfig(applicationId, connection.bootstrapServers(), groups, kernel,
                processingGuarantee, commitInterval, d.cacheMaxBytes(), stateDir, threads, connection.properties(),
                modelTrust.trust(), null);
    }

    /** --emit-every and --emit-tolerance, or a usage error naming the option. */
    private ForecastOutput output() {
        if (emitEvery < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "emitEvery must be >= 1: " + emitEvery
                    + " (--emit-every)");
        }
        OptionalDouble tolerance;
        try {
            tolerance = ForecastGroup.Output.tolerance(emitTolerance);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage() + " (--emit-tolerance)");
        }
        return new ForecastOutput(emitEvery, tolerance);
    }

    /** The deployment file, or a usage error with each of its problems on a line ({@code FILE:LINE: what}). */
    private Deployment readDeployment() {
        List<String> replaced = new java.util.ArrayList<>(forecast.given());
        replaced.addAll(DeploymentArgument.given(spec.commandLine(), REPLACED_BY_DEPLOYMENT));
        return DeploymentArgument.read(spec.commandLine(), "--deployment", deployment, replaced,
                "the deployment file declares them per group");
    }

    public static void main(String[] args) {
        CommandLine cli = EnvironmentHelp.install(DurationConverter.register(new CommandLine(new StreamsAppCommand())));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("streams-app: " + e.getMessage());
            return 2;
        });
        System.exit(cli.execute(args));
    }
}
