package io.streamcast.streams.config;

import io.streamcast.kafka.client.TopicNames;
import io.streamcast.core.codec.SeriesKeys;
import io.streamcast.core.forecast.ForecastSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * What the forecasting topology needs to be built ({@code ForecastTopology.build}), and nothing of how it runs
 * (bootstrap servers, threads, processing guarantee, state directory, HTTP, model trust: {@link StreamsAppConfig}
 * holds those around this).
 *
 * @param topics             topic names
 * @param forecast           horizon, window, season, interval coverage and gap policy
 * @param modelName          the key on the model-updates topic whose bundles this app serves
 * @param keyTtl             keys idle for longer than this (in event time) are deleted from state
 * @param expiryScanInterval event time between two idle-key passes
 * @param maxFutureSkew      observations further than this ahead of the wall clock are dead-lettered
 * @param accuracyEvery      a key's rolling accuracy is emitted every this many of its observations
 * @param maxKeyBytes        input keys longer than this are dead-lettered ({@code bad-key}): a key is repeated in
 *                           every forecast and state entry, so a huge one costs everywhere
 */
public record TopologyConfig(TopicNames topics, ForecastSettings forecast, String modelName, Duration keyTtl,
                             Duration expiryScanInterval, Duration maxFutureSkew, int accuracyEvery,
                             int maxKeyBytes) {
    public static final String DEFAULT_MODEL_NAME = "streamcast-lstm";

    public TopologyConfig {
        Objects.requireNonNull(topics, "topics");
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
    public static TopologyConfig defaults() {
        return new TopologyConfig(TopicNames.defaults(), ForecastSettings.defaults(), DEFAULT_MODEL_NAME,
                Duration.ofDays(7), Duration.ofHours(1), Duration.ofDays(1), 48, SeriesKeys.DEFAULT_MAX_BYTES);
    }

    public TopologyConfig withTopics(TopicNames names) {
        return new TopologyConfig(names, forecast, modelName, keyTtl, expiryScanInterval, maxFutureSkew,
                accuracyEvery, maxKeyBytes);
    }

    public TopologyConfig withForecast(ForecastSettings settings) {
        return new TopologyConfig(topics, settings, modelName, keyTtl, expiryScanInterval, maxFutureSkew,
                accuracyEvery, maxKeyBytes);
    }

    public TopologyConfig withKeyTtl(Duration ttl, Duration scanInterval) {
        return new TopologyConfig(topics, forecast, modelName, ttl, scanInterval, maxFutureSkew, accuracyEvery,
                maxKeyBytes);
    }

    public TopologyConfig withMaxKeyBytes(int bytes) {
        return new TopologyConfig(topics, forecast, modelName, keyTtl, expiryScanInterval, maxFutureSkew,
                accuracyEvery, bytes);
    }
}
