package io.streamcast.cli.stack;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.http.HttpSettings;
import io.streamcast.kafka.EmbeddedKafkaBroker;
import io.streamcast.kafka.KafkaCluster;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.deployment.Deployment;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.topology.ProcessingHook;
import io.streamcast.trainer.service.TrainerConfig;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What a {@link LocalStack} starts: {@link #embedded()} or {@link #on(String)} a cluster, then the with-ers.
 *
 * @param broker      starts the stack's own broker (closed with the stack), or null for an existing cluster
 * @param bootstrap   the existing cluster's bootstrap servers, when {@code broker} is null
 * @param topics      streams-app's topics (the trainer reads the observations and publishes to model-updates)
 * @param partitions  partitions of the observations, forecasts and accuracy topics created where missing; 0 = the
 *                    topics are left as they are
 * @param forecast    horizon, window and season of streams-app and the trainer
 * @param trust       the model trust of both
 * @param streamsApp  changes to streams-app's configuration (defaults on this stack's cluster, topics, forecast
 *                    settings and trust), or null for no streams-app
 * @param http        where streams-app's API binds (port 0: any free one) and its token, also sent with queries
 *                    forwarded between instances
 * @param hook        streams-app's fault-injection seam ({@link ProcessingHook})
 * @param trainer     changes to the trainer's configuration (defaults on the same cluster, topics, forecast
 *                    settings and trust), or null for no trainer
 * @param trainerHttp where the trainer's /health and /metrics bind, or null for none
 * @param meters      the meters of the first streams-app instance and the trainer (a Prometheus registry also
 *                    serves /metrics), or null for a fresh simple registry
 * @param listener    told as the stack comes up
 * @param deployment  forecast groups both services serve (each its own topics, shape and model; the model topics
 *                    its), or null for the one group of {@code topics} and {@code forecast}
 */
public record StackOptions(Supplier<? extends KafkaCluster> broker, String bootstrap, TopicNames topics, int partitions,
                           ForecastSettings forecast, ModelTrust trust, UnaryOperator<StreamsAppConfig> streamsApp,
                           HttpSettings http, ProcessingHook hook, UnaryOperator<TrainerConfig> trainer,
                           HttpSettings trainerHttp, MeterRegistry meters, LocalStack.Listener listener,
                           Deployment deployment) {
    public StackOptions {
        if ((broker == null) == (bootstrap == null)) {
            throw new IllegalArgumentException("a stack starts its own broker or uses an existing one: one of the two");
        }
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(listener, "listener");
    }

    /** An embedded KRaft broker of the stack's own and the default topics (2 partitions); nothing else yet. */
    public static StackOptions embedded() {
        return new StackOptions(EmbeddedKafkaBroker::start, null, TopicNames.defaults(), 2, ForecastSettings.defaults(),
                ModelTrust.none(), null, HttpSettings.open("127.0.0.1", 0), ProcessingHook.NONE, null, null, null,
                LocalStack.Listener.NONE, null);
    }

    /** The cluster at {@code bootstrapServers} (left running on close) and the default topics; nothing else yet. */
    public static StackOptions on(String bootstrapServers) {
        return embedded().withBroker(null, Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
    }

    /** Another way to start the stack's own broker, or (null) the existing cluster at {@code bootstrapServers}. */
    public StackOptions withBroker(Supplier<? extends KafkaCluster> start, String bootstrapServers) {
        return new StackOptions(start, bootstrapServers, topics, partitions, forecast, trust, streamsApp, http, hook,
                trainer, trainerHttp, meters, listener, deployment);
    }

    public StackOptions withTopics(TopicNames names, int partitionCount) {
        return new StackOptions(broker, bootstrap, names, partitionCount, forecast, trust, streamsApp, http, hook,
                trainer, trainerHttp, meters, listener, deployment);
    }

    public StackOptions withForecast(ForecastSettings settings, ModelTrust modelTrust) {
        return new StackOptions(broker, bootstrap, topics, partitions, settings, modelTrust, streamsApp, http, hook,
                trainer, trainerHttp, meters, listener, deployment);
    }

    /** A streams-app: its configuration changed by {@code change}, its API bound as {@code settings} say. */
    public StackOptions withStreamsApp(UnaryOperator<StreamsAppConfig> change, HttpSettings settings) {
        return new StackOptions(broker, bootstrap, topics, partitions, forecast, trust, change, settings, hook,
                trainer, trainerHttp, meters, listener, deployment);
    }

    public StackOptions withHook(ProcessingHook processingHook) {
        return new StackOptions(broker, bootstrap, topics, partitions, forecast, trust, streamsApp, http,
                processingHook, trainer, trainerHttp, meters, listener, deployment);
    }

    /** A trainer: its configuration changed by {@code change}; HTTP endpoints when {@code settings} is not null. */
    public StackOptions withTrainer(UnaryOperator<TrainerConfig> change, HttpSettings settings) {
        return new StackOptions(broker, bootstrap, topics, partitions, forecast, trust, streamsApp, http, hook,
                change, settings, meters, listener, deployment);
    }

    public StackOptions withMeters(MeterRegistry registry) {
        return new StackOptions(broker, bootstrap, topics, partitions, forecast, trust, streamsApp, http, hook,
                trainer, trainerHttp, registry, listener, deployment);
    }

    /**
     * The forecast groups of a deployment file instead of one group: streams-app serves them all, the trainer
     * trains one model per group ({@code trainer}'s change applies to each group's configuration), and the topics
     * created are the groups' ({@code topics} then names nothing but the fallback of a pattern group).
     */
    public StackOptions withDeployment(Deployment groups) {
        return new StackOptions(broker, bootstrap, topics, partitions, forecast, trust, streamsApp, http, hook,
                trainer, trainerHttp, meters, listener, groups);
    }

    public StackOptions withListener(LocalStack.Listener l) {
        return new StackOptions(broker, bootstrap, topics, partitions, forecast, trust, streamsApp, http, hook,
                trainer, trainerHttp, meters, l, deployment);
    }
}
