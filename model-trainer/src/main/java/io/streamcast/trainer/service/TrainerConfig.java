package io.streamcast.trainer.service;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The trainer service's configuration (docs/trainer.md).
 *
 * @param bootstrapServers   Kafka bootstrap servers
 * @param topics             the deployment's topic names: the trainer reads the observations (its history),
 *                           publishes to model updates (key = model name) and the model archive (key = version),
 *                           and writes every promote/refuse decision as JSON to model decisions
 * @param modelName          key of the published bundles
 * @param forecast           the service's horizon, window and season (must match streams-app's)
 * @param training           how to train and gate
 * @param retrainEveryPoints retrain after this many new observations ...
 * @param retrainInterval    ... or after this much time with new observations, whichever comes first
 * @param minPoints          the history needed before the first training
 * @param maxPointsPerSeries history kept per series
 * @param maxSeries          series kept
 * @param clientOverrides    Kafka client properties passed through (security etc.; never {@code
 *                           bootstrap.servers}, see {@link KafkaConnection})
 * @param modelTrust         signs what is published (with {@code STREAMCAST_MODEL_KEY}) and checks the champion
 *                           read back; unsigned only when explicitly allowed
 */
public record TrainerConfig(String bootstrapServers, TopicNames topics, String modelName, ForecastSettings forecast,
                            TrainerSettings training, long retrainEveryPoints, Duration retrainInterval,
                            long minPoints, int maxPointsPerSeries, int maxSeries,
                            Map<String, String> clientOverrides, ModelTrust modelTrust) {
    public TrainerConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(training, "training");
        if (retrainEveryPoints < 1 || minPoints < 1 || maxPointsPerSeries < 1 || maxSeries < 1) {
            throw new IllegalArgumentException("retrainEveryPoints, minPoints, maxPointsPerSeries and maxSeries must be >= 1");
        }
        clientOverrides = clientOverrides == null ? Map.of() : Map.copyOf(clientOverrides);
        Objects.requireNonNull(modelTrust, "modelTrust");
        new KafkaConnection(bootstrapServers, clientOverrides); // validates: no bootstrap.servers among them
    }

    /** The cluster and the pass-through client properties, for every Kafka client of the trainer. */
    public KafkaConnection kafka() {
        return new KafkaConnection(bootstrapServers, clientOverrides);
    }

    @Override
    public String toString() { // never print the key
        return "TrainerConfig[" + bootstrapServers + ", " + topics.observations() + " -> " + topics.modelUpdates()
                + ", model " + modelName + " " + modelTrust.mode() + "]";
    }

    public static TrainerConfig defaults(String bootstrapServers, ForecastSettings forecast) {
        return new TrainerConfig(bootstrapServers, TopicNames.defaults(), "streamcast-lstm", forecast,
                TrainerSettings.defaults(), 5_000, Duration.ofMinutes(30), 1_000, 5_000, 10_000, Map.of(),
                ModelTrust.none());
    }

    public TrainerConfig withTopics(TopicNames names) {
        return new TrainerConfig(bootstrapServers, names, modelName, forecast, training, retrainEveryPoints,
                retrainInterval, minPoints, maxPointsPerSeries, maxSeries, clientOverrides, modelTrust);
    }

    public TrainerConfig withModelTrust(ModelTrust trust) {
        return new TrainerConfig(bootstrapServers, topics, modelName, forecast, training, retrainEveryPoints,
                retrainInterval, minPoints, maxPointsPerSeries, maxSeries, clientOverrides, trust);
    }

    public TrainerConfig withSchedule(long everyPoints, Duration interval, long min) {
        return new TrainerConfig(bootstrapServers, topics, modelName, forecast, training, everyPoints, interval, min,
                maxPointsPerSeries, maxSeries, clientOverrides, modelTrust);
    }

    public TrainerConfig withTraining(TrainerSettings settings) {
        return new TrainerConfig(bootstrapServers, topics, modelName, forecast, settings, retrainEveryPoints,
                retrainInterval, minPoints, maxPointsPerSeries, maxSeries, clientOverrides, modelTrust);
    }
}
