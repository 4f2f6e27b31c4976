package io.streamcast.it;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.replay.Replayer;
import io.streamcast.cli.stack.LocalStack;
import io.streamcast.cli.stack.StackOptions;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.http.BearerToken;
import io.streamcast.http.HttpSettings;
import io.streamcast.kafka.KafkaCluster;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.run.StreamsApp;
import io.streamcast.streams.topology.ProcessingHook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One test's slice of a real cluster: a {@link LocalStack} on it with its own topics (prefixed) and a streams-app
 * instance, with the tests' defaults (signed models, a token on the API), plus a replayer and a read_committed
 * reader of everything the app wrote.
 */
final class LiveStack implements AutoCloseable {
    /** The tests sign their models, as a deployment does; streams-app refuses unsigned ones by default. */
    static final ModelTrust TRUST = ModelTrust.signed("streamcast-integration-test-key");
    /** The instances' REST APIs need this token, as with STREAMCAST_HTTP_TOKEN; forwarded queries carry it. */
    static final BearerToken TOKEN = BearerToken.of("integration-test-token");

    final TopicNames topics;
    final StreamsAppConfig config;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final StreamsApp app;
    /** The streams-app instances, the first one started with the stack. */
    final List<LocalStack.Instance> instances;
    final Replayer replayer;
    final List<Forecast> forecasts;
    final List<ConsumerRecord<byte[], byte[]>> deadLetters;
    private final LocalStack stack;
    private final String bootstrap;
    private final OutputReader reader;

    /** What happens after the topics exist and before the first instance starts (e.g. writing a changelog). */
    @FunctionalInterface
    interface BeforeStart {
        void run(LocalStack stack) throws Exception;
    }

    /**
     * How a test's stack differs from the default one.
     *
     * @param config      changes to the app's configuration
     * @param hook        the forecaster's fault-injection seam
     * @param beforeStart run once the topics exist, before the first instance starts
     * @param http        changes to the instances' HTTP settings (loopback, with {@link #TOKEN})
     */
    record Options(UnaryOperator<StreamsAppConfig> config, ProcessingHook hook, BeforeStart beforeStart,
                   UnaryOperator<HttpSettings> http) {
        static final Options DEFAULT = new Options(c -> c, ProcessingHook.NONE, s -> { }, h -> h);

        Options withConfig(UnaryOperator<StreamsAppConfig> change) {
            return new Options(change, hook, beforeStart, http);
        }

        Options withHook(ProcessingHook h) {
            return new Options(config, h, beforeStart, http);
        }

        Options withBeforeStart(BeforeStart b) {
            return new Options(config, hook, b, http);
        }

        Options withHttp(UnaryOperator<HttpSettings> change) {
            return new Options(config, hook, beforeStart, change);
        }
    }

    LiveStack(KafkaCluster cluster, String prefix, ForecastSettings settings) throws Exception {
        this(cluster, prefix, settings, Options.DEFAULT);
    }

    LiveStack(KafkaCluster cluster, String prefix, ForecastSettings settings, Options options) throws Exception {
        this.bootstrap = cluster.bootstrapServers();
        this.topics = TopicNames.prefixed(prefix);
        stack = LocalStack.start(StackOptions.on(cluster.bootstrapServers()).withTopics(topics, 2)
                .withForecast(settings, TRUST)
                .withStreamsApp(c -> options.config().apply(c.withApplicationId(prefix + "-app")),
                        options.http().apply(new HttpSettings("127.0.0.1", 0, TOKEN)))
                .withHook(options.hook()).withMeters(meters)
                .withListener(new LocalStack.Listener() {
                    @Override
                    public void topicsReady(LocalStack s) throws Exception {
                        options.beforeStart().run(s);
                    }
                }));
        config = stack.streamsAppConfig();
        instances = stack.instances();
        app = instances.get(0).app();
        replayer = new Replayer(cluster.bootstrapServers(), topics.observations(), new Properties());
        reader = new OutputReader(cluster.bootstrapServers(), topics, prefix);
        forecasts = reader.forecasts;
        deadLetters = reader.deadLetters;
    }

    /** Starts another instance of the same application (same id, its own state directory and HTTP port). */
    LocalStack.Instance startInstance() throws Exception {
        return stack.startInstance();
    }

    void replay(List<ReplayRecords.Row> rows, int from, int to) throws InterruptedException {
        replayer.send(rows, from, to, 0, 0, () -> false, null);
    }

    /**
     * Waits until this instance serves {@code version}. Model updates arrive on the global-store thread,
     * independently of the observation stream, so a test that wants records after a publish to be served by the
     * new model must wait for the swap before it replays them.
     */
    void awaitModel(String version) {
        await().atMost(Duration.ofSeconds(30)).until(() -> app.models().current() != null
                && app.models().current().version().equals(version));
    }

    /**
     * Waits until nothing more will arrive: the app has committed its input to the end, and this stack's reader has
     * read every forecast and dead letter the topics hold (read to their last stable offsets), duplicates included.
     */
    void awaitSettled(Duration atMost) {
        CommittedOutput.awaitInputCommitted(bootstrap, config.applicationId(), topics.observations(), atMost);
        int written = CommittedOutput.readToEnd(bootstrap, topics.forecasts()).size();
        int dead = CommittedOutput.readToEnd(bootstrap, topics.deadLetters()).size();
        await().atMost(atMost).until(() -> forecasts.size() >= written && deadLetters.size() >= dead);
    }

    /**
     * Waits until {@code n} forecasts were read (read_committed); on timeout fails with what the app did, so a
     * stall and a loss look different in the report.
     */
    void awaitForecasts(int n, Duration atMost) {
        try {
            await().atMost(atMost).until(() -> forecasts.size() >= n);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // where the app's and the replayer's threads are, for a stall that does not reproduce on demand
            Thread.getAllStackTraces().forEach((t, stack) -> {
                if (t.getName().contains("StreamThread") || t.getName().contains("producer")
                        || t.getName().contains("GlobalStreamThread")) {
                    StringBuilder b = new StringBuilder("thread " + t.getName() + " " + t.getState());
                    for (int i = 0; i < Math.min(stack.length, 25); i++) {
                        b.append("\n    at ").append(stack[i]);
                    }
                    System.err.println(b);
                }
            });
            throw new AssertionError(String.format("waited %s for %d forecasts: read %d forecasts and %d dead "
                    + "letters; first instance: state %s, observations.in %.0f, forecasts.out %.0f, duplicates "
                    + "%.0f, model %s", atMost, n, forecasts.size(), deadLetters.size(), app.state(),
                    counter("streamcast.observations.in"), counter("streamcast.forecasts.out"),
                    counter("streamcast.duplicates"),
                    app.models().current() == null ? "baseline" : app.models().current().version()), e);
        }
    }

    /** Replays rows [from, to) of rows that are all valid and waits until every one of them has its forecast. */
    void replayAndAwait(List<ReplayRecords.Row> rows, int from, int to) throws InterruptedException {
        replay(rows, from, to);
        awaitForecasts(to, Duration.ofSeconds(90));
    }

    double counter(String name) {
        var c = meters.find(name).counter();
        return c == null ? 0 : c.count();
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        reader.close();
        replayer.close();
        stack.close();
    }
}
