package io.streamcast.cli.stack;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.core.domain.Forecast;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.streams.config.DeploymentGroups;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.config.TopicSetup;
import io.streamcast.streams.http.StreamsAppHttpServer;
import io.streamcast.streams.run.StreamsApp;
import io.streamcast.trainer.service.DeploymentTrainers;
import io.streamcast.trainer.service.TrainerConfig;
import io.streamcast.trainer.service.TrainerGroups;
import io.streamcast.trainer.service.TrainerHttpServer;
import io.streamcast.trainer.service.TrainerService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One local stack, the demo's and the integration tests': what the caller asks for ({@link StackOptions}) of a
 * Kafka broker (an embedded KRaft broker of its own, or an existing cluster), streams-app's topics, streams-app
 * with its HTTP API (more instances on request, {@link #startInstance}), and model-trainer with its HTTP
 * endpoints, started in that order. {@link #close()} stops them in the reverse order; a failure while starting
 * stops what had started before it is thrown.
 *
 * <p>Every streams-app instance has a fresh state directory (deleted on close) and serves its API on the options'
 * HTTP settings; its {@code application.server} is {@code 127.0.0.1:<bound port>}, so instances on this host
 * forward interactive queries to each other. streams-app and the trainer share the options' forecast settings,
 * model trust, topics and meter registry; or, with a deployment ({@link StackOptions#withDeployment}), its forecast
 * groups: streams-app serves every group, and the trainer trains one model per group ({@link TrainerGroups}).
 */
public final class LocalStack implements AutoCloseable {
    /** How long a streams-app instance may take to reach RUNNING. */
    static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(60);

    /** One streams-app instance with its REST API, its own state directory and meters. */
    public record Instance(StreamsApp app, StreamsAppHttpServer http, Path stateDir, MeterRegistry meters) {
        /** The URL of {@code path} on this instance's API. */
        public String url(String path) {
            return http.scheme() + "://127.0.0.1:" + http.port() + path;
        }
    }

    /** Told as the stack comes up, on the starting thread; a failure here stops the start like any other. */
    public interface Listener {
        Listener NONE = new Listener() { };

        /** The broker answers at {@link #bootstrapServers()}; the topics are not created yet. */
        default void brokerReady(LocalStack stack) throws Exception { }

        /** The topics exist; no streams-app instance has started yet. */
        default void topicsReady(LocalStack stack) throws Exception { }

        /** A streams-app instance is RUNNING and its API serves. */
        default void streamsAppReady(Instance instance) throws Exception { }

        /** A line the trainer reports: its champion, each round's decision. */
        default void trainerEvent(String line) { }
    }

    private final StackOptions options;
    private final Closer started = new Closer();
    private final List<Instance> instances = new CopyOnWriteArrayList<>();
    private final MeterRegistry meters;
    private String bootstrap;
    private StreamsAppConfig appConfig;
    private List<ForecastGroupConfig> groups;
    private final List<TrainerService> trainers = new ArrayList<>();
    private AutoCloseable trainerProcess;
    private TrainerHttpServer trainerHttp;

    private LocalStack(StackOptions options) {
        this.options = options;
        this.meters = options.meters() != null ? options.meters() : new SimpleMeterRegistry();
    }

    /** Starts what {@code options} ask for, in order; on a failure, closes what had started and throws. */
    public static LocalStack start(StackOptions options) throws Exception {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (Exception | Error e) {
            try {
                stack.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private void startAll() throws Exception {
        if (options.broker() != null) {
            bootstrap = started.add(options.broker().get()).bootstrapServers();
        } else {
            bootstrap = options.bootstrap();
        }
        StreamsAppConfig base = StreamsAppConfig.defaults(bootstrap).withForecast(options.forecast())
                .withTopics(options.topics()).withModelTrust(options.trust());
        if (options.deployment() != null) {
            base = base.withGroups(DeploymentGroups.topologies(options.deployment(), base.topology()));
        }
        groups = base.groups();
        if (options.streamsApp() != null) {
            appConfig = options.streamsApp().apply(base);
            groups = appConfig.groups();
        }
        options.listener().brokerReady(this);
        if (options.partitions() > 0) {
            try (Admin admin = Admin.create(KafkaConnection.plaintext(bootstrap).admin())) {
                TopicSetup.ensure(admin, groups, options.partitions(), (short) 1);
            }
        }
        options.listener().topicsReady(this);
        if (appConfig != null) {
            startInstance(meters);
        }
        if (options.trainer() != null) {
            startTrainer();
        }
    }

    /** One trainer of the options' group, or one model per group of the deployment; then its endpoints. */
    private void startTrainer() throws Exception {
        if (options.deployment() == null) {
            TrainerService trainer = started.add(new TrainerService(options.trainer().apply(trainerDefaults()),
                    options.listener()::trainerEvent, meters));
            trainers.add(trainer);
            trainerProcess = trainer;
            trainer.start();
        } else {
            List<TrainerConfig> configs = DeploymentTrainers.configs(trainerDefaults(), options.deployment())
                    .stream().map(options.trainer()).toList();
            TrainerGroups process = started.add(new TrainerGroups(configs, options.listener()::trainerEvent, meters));
            trainers.addAll(process.services());
            trainerProcess = process;
            process.start();
        }
        if (options.trainerHttp() != null) {
            Supplier<String> scrape = scrape(meters);
            trainerHttp = started.add(new TrainerHttpServer(options.trainerHttp(), scrape != null ? scrape : () -> "",
                    trainers));
        }
    }

    /** The trainer's defaults on this stack: its topics, forecast settings and model trust. */
    private TrainerConfig trainerDefaults() {
        return TrainerConfig.defaults(bootstrap, options.forecast()).withTopics(options.topics())
                .withModelTrust(options.trust());
    }

    /** Starts another instance of the stack's streams-app (same application id), with its own meters. */
    public Instance startInstance() throws Exception {
        return startInstance(new SimpleMeterRegistry());
    }

    /** Starts an instance of the stack's streams-app: its API, then the app; returns once it is RUNNING. */
    public Instance startInstance(MeterRegistry registry) throws Exception {
        if (appConfig == null) {
            throw new IllegalStateException("this stack runs no streams-app");
        }
        Path stateDir = Files.createTempDirectory("streamcast-state-");
        started.add(() -> deleteTree(stateDir));
        StreamsAppHttpServer http = started.add(new StreamsAppHttpServer(options.http(), scrape(registry)));
        StreamsApp app = started.add(new StreamsApp(appConfig.withStateDir(stateDir)
                .withApplicationServer("127.0.0.1:" + http.port()), registry, options.http(), options.hook()));
        app.start();
        http.serve(app.groupQueries(), app.health()::check);
        Instance instance = new Instance(app, http, stateDir, registry);
        instances.add(instance);
        awaitRunning(app);
        options.listener().streamsAppReady(instance);
        return instance;
    }

    /** The Prometheus text of {@code registry} for /metrics, or null when it is not a Prometheus registry. */
    private static Supplier<String> scrape(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            return prometheus::scrape;
        }
        return null;
    }

    private static void awaitRunning(StreamsApp app) throws InterruptedException {
        long until = System.nanoTime() + RUNNING_TIMEOUT.toNanos();
        while (app.state() != KafkaStreams.State.RUNNING) {
            if (!app.state().isRunningOrRebalancing()) {
                throw new IllegalStateException("streams-app failed to start: " + app.state());
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("streams-app not running after " + RUNNING_TIMEOUT.toSeconds()
                        + " s: " + app.state());
            }
            Thread.sleep(100);
        }
    }

    /**
     * Follows the stack's forecasts and dead letters from their beginning ({@link OutputFollower}); the caller
     * closes it.
     */
    public OutputFollower followOutputs(String threadName, Consumer<Forecast> onForecast,
                                        Consumer<ConsumerRecord<byte[], byte[]>> onDeadLetter) {
        return followOutputs(groups.get(0), threadName, onForecast, onDeadLetter);
    }

    /** As {@link #followOutputs(String, Consumer, Consumer)}, for one group's forecasts and dead letters. */
    public OutputFollower followOutputs(ForecastGroupConfig group, String threadName, Consumer<Forecast> onForecast,
                                        Consumer<ConsumerRecord<byte[], byte[]>> onDeadLetter) {
        return new OutputFollower(KafkaConnection.plaintext(bootstrap), group.topics(), threadName, onForecast,
                onDeadLetter);
    }

    /** The forecast groups the stack serves: the deployment's, or the one of its topics and forecast settings. */
    public List<ForecastGroupConfig> groups() {
        return groups;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public TopicNames topics() {
        return options.topics();
    }

    /** streams-app's configuration before an instance's state directory and application server; null when none. */
    public StreamsAppConfig streamsAppConfig() {
        return appConfig;
    }

    /** The streams-app instances started, in order (a live view). */
    public List<Instance> instances() {
        return Collections.unmodifiableList(instances);
    }

    /** The trainer (of the first group), or null when the stack runs none. */
    public TrainerService trainer() {
        return trainers.isEmpty() ? null : trainers.get(0);
    }

    /** The trainer of each group, in the groups' order (one without a deployment); empty when the stack runs none. */
    public List<TrainerService> trainers() {
        return List.copyOf(trainers);
    }

    /** The trainer's HTTP endpoints, or null when it has none. */
    public TrainerHttpServer trainerHttp() {
        return trainerHttp;
    }

    /**
     * Stops the trainer and its endpoints now, before the rest of the stack (the demo reports once no round is
     * running); {@link #close()} then leaves them alone.
     */
    public void stopTrainer() throws Exception {
        if (trainerHttp != null) {
            started.closeNow(trainerHttp);
        }
        if (trainerProcess != null) {
            started.closeNow(trainerProcess);
        }
    }

    /** Closes what was started, the last started first. */
    @Override
    public void close() throws Exception {
        started.close();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
