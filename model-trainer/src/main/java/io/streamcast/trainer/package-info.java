/**
 * model-trainer: retrains the LSTM from the history topics, backtests it against the running model and the
 * baselines, and publishes better bundles to the model-updates topic.
 *
 * <p>Not built yet (issue 4). The pieces it will reuse already live in forecast-core: {@code LstmNetworks}
 * (network and serialization), {@code SeriesForecaster}/{@code SeriesNormalization} (identical features and
 * scaling for training and serving), {@code ModelBundle} (the published artifact) and {@code AccuracyMetrics}.
 */
package io.streamcast.trainer;
