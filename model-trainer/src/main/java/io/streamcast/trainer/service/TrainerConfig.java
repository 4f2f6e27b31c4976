package io.streamcast.trainer.service;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.ModelNameOption;
import io.streamcast.trainer.training.TrainerSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The trainer service's configuration (docs/trainer.md).
 *
 * @param bootstrapServers   Kafka bootstrap servers
 * @param topics             the deployment's topic names: the trainer publishes to model updates (key = model
 *                           name) and the model archive (key = version), and writes every promote/refuse decision
 *                           as JSON to model decisions; its history comes from {@code inputs}, which are the
 *                           observations topic unless a deployment file's group says otherwise
 * @param modelName          key of the published bundles
 * @param forecast           the service's (or the group's) horizon, window and season (must match streams-app's)
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
 * @param group              the forecast group of a deployment file this trainer trains for, declared in every
 *                           bundle it publishes; null without a deployment file (bundles declare none, which
 *                           the default group serves)
 * @param inputs             the topics the history is read from
 */
public record TrainerConfig(String bootstrapServers, TopicNames topics, String modelName, ForecastSettings forecast,
                            TrainerSettings training, long retrainEveryPoints, Duration retrainInterval,
                            long minPoints, int maxPointsPerSeries, int maxSeries,
                            Map<String, String> clientOverrides, ModelTrust modelTrust, String group,
                            HistoryInputs inputs) {
    public TrainerConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(training, "training");
        if (retrainEveryPoints < 1 || minPoints < 1 || maxPointsPerSeries < 1 || maxSeries < 1) {
            throw new IllegalArgumentException("retrainEveryPoints, minPoints, maxPointsPerSeries and maxSeries must be >= 1");
        }
        clientOverrides = clientOverrides == null ? Map.of() : Map.copyOf(clientOverrides);
        Objects.requireNonNull(modelTrust, "modelTrust");
        new KafkaConnection(bootstrapServers, clientOverrides); // validates: no bootstrap.servers among them
    }

    /** Without a deployment file: no group, the history from the observations topic. */
    public TrainerConfig(String bootstrapServers, TopicNames topics, String modelName, ForecastSettings forecast,
                         TrainerSettings training, long retrainEveryPoints, Duration retrainInterval, long minPoints,
                         int maxPointsPerSeries, int maxSeries, Map<String, String> clientOverrides,
                         ModelTrust modelTrust) {
        this(bootstrapServers, topics, modelName, forecast, training, retrainEveryPoints, retrainInterval, minPoints,
                maxPointsPerSeries, maxSeries, clientOverrides, modelTrust, null, HistoryInputs.of(topics.observations()));
    }

    /** The group the published bundles serve: {@link #group}, or the default group's without a deployment file. */
    public String servedGroup() {
        return group == null ? ModelMetadata.DEFAULT_GROUP : group;
    }

    /** The cluster and the pass-through client properties, for every Kafka client of the trainer. */
    public KafkaConnection kafka() {
        return new KafkaConnection(bootstrapServers, clientOverrides);
    }

    @Override
    public String toString() { // never print the key
        return "TrainerConfig[" + bootstrapServers + ", " + (group == null ? "" : "group " + group + ", ")
                + inputs.describe() + " -> " + topics.modelUpdates() + ", model " + modelName + " " + modelTrust.mode()
                + "]";
    }

    // the schedule's defaults, as constants the trainer's option annotations name
    public static final long DEFAULT_RETRAIN_EVERY = 5_000;
    /** ISO-8601. */
    public static final String DEFAULT_RETRAIN_INTERVAL = "PT30M";
    public static final long DEFAULT_MIN_POINTS = 1_000;

    public static TrainerConfig defaults(String bootstrapServers, ForecastSettings forecast) {
        return new TrainerConfig(bootstrapServers, TopicNames.defaults(), ModelNameOption.DEFAULT, forecast,
                TrainerSettings.defaults(), DEFAULT_RETRAIN_EVERY, Duration.parse(DEFAULT_RETRAIN_INTERVAL),
                DEFAULT_MIN_POINTS, 5_000, 10_000, Map.of(),
                ModelTrust.none());
    }

    /** These topic names, the history read from their observations topic (no group's inputs). */
    public TrainerConfig withTopics(TopicNames names) {
        return new TrainerConfig(bootstrapServers, names, modelName, forecast, training, retrainEveryPoints,
                retrainInterval, minPoints, maxPointsPerSeries, maxSeries, clientOverrides, modelTrust, group,
                HistoryInputs.of(names.observations()));
    }

    /**
     * The trainer of forecast group {@code name}: its model, shape and inputs (the schedule, training budget,
     * cluster and trust stay).
     */
    public TrainerConfig forGroup(String name, String model, ForecastSettings shape, HistoryInputs from,
                                  TopicNames names) {
        return new TrainerConfig(bootstrapServers, names, model, shape, training, retrainEveryPoints,
                retrainInterval, minPoints, maxPointsPerSeries, maxSeries, clientOverrides, modelTrust,
                Objects.requireNonNull(name, "group"), from);
    }

    public TrainerConfig withModelTrust(ModelTrust trust) {
        return new TrainerConfig(bootstrapServers, topics, modelName, forecast, training, retrainEveryPoints,
                retrainInterval, minPoints, maxPointsPerSeries, maxSeries, clientOverrides, trust, group, inputs);
    }

    public TrainerConfig withSchedule(long everyPoints, Duration interval, long min) {
        return new TrainerConfig(bootstrapServers, topics, modelName, forecast, training, everyPoints, interval, min,
                maxPointsPerSeries, maxSeries, clientOverrides, modelTrust, group, inputs);
    }

    public TrainerConfig withTraining(TrainerSettings settings) {
        return new TrainerConfig(bootstrapServers, topics, modelName, forecast, settings, retrainEveryPoints,
                retrainInterval, minPoints, maxPointsPerSeries, maxSeries, clientOverrides, modelTrust, group, inputs);
    }
}
