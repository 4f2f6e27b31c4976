package io.streamcast.trainer.service;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The trainer service's configuration (docs/trainer.md).
 *
 * @param bootstrapServers   Kafka bootstrap servers
 * @param observationsTopic  history topic
 * @param modelUpdatesTopic  compacted topic bundles are published to (key = model name)
 * @param modelArchiveTopic  compacted topic every published bundle is archived to (key = version)
 * @param decisionsTopic     every promote/refuse decision as JSON
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
public record TrainerConfig(String bootstrapServers, String observationsTopic,
                            String modelUpdatesTopic, String modelArchiveTopic, String decisionsTopic,
                            String modelName, ForecastSettings forecast, TrainerSettings training,
                            long retrainEveryPoints, Duration retrainInterval, long minPoints,
                            int maxPointsPerSeries, int maxSeries, Map<String, String> clientOverrides,
                            ModelTrust modelTrust) {
    public TrainerConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
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
        return "TrainerConfig[" + bootstrapServers + ", " + observationsTopic + " -> " + modelUpdatesTopic + ", model "
                + modelName + " " + modelTrust.mode() + "]";
    }

    public TrainerConfig withModelTrust(ModelTrust trust) {
        return new TrainerConfig(bootstrapServers, observationsTopic, modelUpdatesTopic, modelArchiveTopic,
                decisionsTopic, modelName, forecast, training, retrainEveryPoints, retrainInterval, minPoints,
                maxPointsPerSeries, maxSeries, clientOverrides, trust);
    }

    public static TrainerConfig defaults(String bootstrapServers, ForecastSettings forecast) {
        return new TrainerConfig(bootstrapServers, "observations", "model-updates",
                "model-archive", "model-decisions", "streamcast-lstm", forecast, TrainerSettings.defaults(), 5_000,
                Duration.ofMinutes(30), 1_000, 5_000, 10_000, Map.of(), ModelTrust.none());
    }

    public TrainerConfig withSchedule(long everyPoints, Duration interval, long min) {
        return new TrainerConfig(bootstrapServers, observationsTopic, modelUpdatesTopic, modelArchiveTopic,
                decisionsTopic, modelName, forecast, training, everyPoints, interval, min, maxPointsPerSeries,
                maxSeries, clientOverrides, modelTrust);
    }

    public TrainerConfig withTraining(TrainerSettings settings) {
        return new TrainerConfig(bootstrapServers, observationsTopic, modelUpdatesTopic, modelArchiveTopic,
                decisionsTopic, modelName, forecast, settings, retrainEveryPoints, retrainInterval, minPoints,
                maxPointsPerSeries, maxSeries, clientOverrides, modelTrust);
    }
}
