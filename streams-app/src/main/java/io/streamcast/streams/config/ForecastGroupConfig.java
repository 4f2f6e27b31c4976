package io.streamcast.streams.config;

import io.streamcast.core.codec.SeriesKeys;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.ModelNameOption;
import io.streamcast.options.deployment.ForecastGroup;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the forecasting topology needs to serve one forecast group ({@code ForecastTopology.build}), and nothing
 * of how it runs (bootstrap servers, threads, processing guarantee, state directory, HTTP, model trust:
 * {@link StreamsAppConfig} holds those around this). A deployment without a deployment file has one group,
 * {@value #DEFAULT_GROUP}, read from the flags and environment; a deployment file declares several, each its own
 * {@code ForecastGroupConfig} (docs/configuration.md).
 *
 * @param group              the group's name: the prefix of its processors' and store's names (none for
 *                           {@value #DEFAULT_GROUP}, so a deployment keeps its state when it moves to a file)
 * @param topics             topic names; {@code observations} is the input unless {@code inputs} or
 *                           {@code inputPattern} say otherwise
 * @param inputs             the group's input topics when it reads several; empty = {@code topics.observations()}
 * @param inputPattern       a pattern of input topic names instead (then {@code topics.observations()} is unused),
 *                           or null
 * @param forecast           horizon, window, season, interval coverage and gap policy
 * @param modelName          the key on the model-updates topic whose bundles this app serves
 * @param keyTtl             keys idle for longer than this (in event time) are deleted from state
 * @param expiryScanInterval event time between two idle-key passes
 * @param maxFutureSkew      observations further than this ahead of the wall clock are dead-lettered
 * @param accuracyEvery      a key's rolling accuracy is emitted every this many of its observations
 * @param maxKeyBytes        input keys longer than this are dead-lettered ({@code bad-key}): a key is repeated in
 *                           every forecast and state entry, so a huge one costs everywhere
 * @param output             the forecasts' emit policy
 */
public record ForecastGroupConfig(String group, TopicNames topics, List<String> inputs, Pattern inputPattern,
                             ForecastSettings forecast, String modelName, Duration keyTtl,
                             Duration expiryScanInterval, Duration maxFutureSkew, int accuracyEvery,
                             int maxKeyBytes, ForecastOutput output) {
    public static final String DEFAULT_MODEL_NAME = ModelNameOption.DEFAULT;
    public static final String DEFAULT_GROUP = ModelMetadata.DEFAULT_GROUP;

    /** The default group reading {@code topics.observations()}. */
    public ForecastGroupConfig(TopicNames topics, ForecastSettings forecast, String modelName, Duration keyTtl,
                          Duration expiryScanInterval, Duration maxFutureSkew, int accuracyEvery, int maxKeyBytes) {
        this(DEFAULT_GROUP, topics, List.of(), null, forecast, modelName, keyTtl, expiryScanInterval, maxFutureSkew,
                accuracyEvery, maxKeyBytes, ForecastOutput.DEFAULTS);
    }

    /** With the default output: compact forecasts, every one written. */
    public ForecastGroupConfig(String group, TopicNames topics, List<String> inputs, Pattern inputPattern,
                          ForecastSettings forecast, String modelName, Duration keyTtl, Duration expiryScanInterval,
                          Duration maxFutureSkew, int accuracyEvery, int maxKeyBytes) {
        this(group, topics, inputs, inputPattern, forecast, modelName, keyTtl, expiryScanInterval, maxFutureSkew,
                accuracyEvery, maxKeyBytes, ForecastOutput.DEFAULTS);
    }

    public ForecastGroupConfig {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(topics, "topics");
        inputs = List.copyOf(inputs);
        if (!inputs.isEmpty() && inputPattern != null) {
            throw new IllegalArgumentException("group " + group + ": input topics or an input pattern, not both");
        }
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(modelName, "modelName");
        requirePositive(keyTtl, "keyTtl");
        requirePositive(expiryScanInterval, "expiryScanInterval");
        requirePositive(maxFutureSkew, "maxFutureSkew");
        if (accuracyEvery < 1) {
            throw new IllegalArgumentException("accuracyEvery must be >= 1: " + accuracyEvery);
        }
        if (maxKeyBytes < 1) {
            throw new IllegalArgumentException("maxKeyBytes must be >= 1: " + maxKeyBytes);
        }
        Objects.requireNonNull(output, "output");
    }

    /** The input topics by name (empty when the group reads a pattern). */
    public List<String> inputTopics() {
        return inputPattern != null ? List.of() : inputs.isEmpty() ? List.of(topics.observations()) : inputs;
    }

    /** Whether {@code topic} is one of this group's inputs. */
    public boolean reads(String topic) {
        return inputPattern != null ? inputPattern.matcher(topic).matches() : inputTopics().contains(topic);
    }

    /** The inputs as people read them: the topic names, or the pattern. */
    public String inputsDescription() {
        return inputPattern != null ? "/" + inputPattern.pattern() + "/" : String.join(",", inputTopics());
    }

    public boolean isDefaultGroup() {
        return DEFAULT_GROUP.equals(group);
    }

    /** The topics with their serdes. */
    public StreamsTopics typedTopics() {
        return StreamsTopics.of(topics, maxKeyBytes);
    }

    static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** Defaults: see {@code docs/configuration.md}. */
    public static ForecastGroupConfig defaults() {
        return new ForecastGroupConfig(TopicNames.defaults(), ForecastSettings.defaults(), DEFAULT_MODEL_NAME,
                Duration.parse(ForecastGroup.DEFAULT_IDLE_TTL), Duration.ofHours(1), Duration.ofDays(1), 48,
                SeriesKeys.DEFAULT_MAX_BYTES);
    }

    public ForecastGroupConfig withTopics(TopicNames names) {
        return new ForecastGroupConfig(group, names, inputs, inputPattern, forecast, modelName, keyTtl,
                expiryScanInterval, maxFutureSkew, accuracyEvery, maxKeyBytes, output);
    }

    public ForecastGroupConfig withForecast(ForecastSettings settings) {
        return new ForecastGroupConfig(group, topics, inputs, inputPattern, settings, modelName, keyTtl,
                expiryScanInterval, maxFutureSkew, accuracyEvery, maxKeyBytes, output);
    }

    public ForecastGroupConfig withKeyTtl(Duration ttl, Duration scanInterval) {
        return new ForecastGroupConfig(group, topics, inputs, inputPattern, forecast, modelName, ttl, scanInterval,
                maxFutureSkew, accuracyEvery, maxKeyBytes, output);
    }

    public ForecastGroupConfig withMaxKeyBytes(int bytes) {
        return new ForecastGroupConfig(group, topics, inputs, inputPattern, forecast, modelName, keyTtl,
                expiryScanInterval, maxFutureSkew, accuracyEvery, bytes, output);
    }

    public ForecastGroupConfig withOutput(ForecastOutput o) {
        return new ForecastGroupConfig(group, topics, inputs, inputPattern, forecast, modelName, keyTtl,
                expiryScanInterval, maxFutureSkew, accuracyEvery, maxKeyBytes, o);
    }
}
