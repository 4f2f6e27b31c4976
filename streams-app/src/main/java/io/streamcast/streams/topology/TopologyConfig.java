package io.streamcast.streams.topology;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.streams.config.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * What the forecasting topology needs to be built, and nothing of how it runs (bootstrap servers, threads,
 * processing guarantee, state directory, HTTP, model trust: those stay with the runner,
 * {@link io.streamcast.streams.run.StreamsApp}). {@code StreamsAppConfig.topology()} derives it.
 *
 * @param topics             topic names
 * @param forecast           horizon, window, season, interval coverage and gap policy
 * @param modelName          the key on the model-updates topic whose bundles this app serves
 * @param keyTtl             keys idle for longer than this (in event time) are deleted from state
 * @param expiryScanInterval event time between two idle-key passes
 * @param maxFutureSkew      observations further than this ahead of the wall clock are dead-lettered
 * @param accuracyEvery      a key's rolling accuracy is emitted every this many of its observations
 * @param maxKeyBytes        longer input keys are dead-lettered ({@code bad-key})
 */
public record TopologyConfig(Topics topics, ForecastSettings forecast, String modelName, Duration keyTtl,
                             Duration expiryScanInterval, Duration maxFutureSkew, int accuracyEvery,
                             int maxKeyBytes) {
    public TopologyConfig {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(keyTtl, "keyTtl");
        Objects.requireNonNull(expiryScanInterval, "expiryScanInterval");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    }
}
