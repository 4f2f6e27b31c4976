package io.streamcast.streams.config;

import java.util.Objects;

/**
 * The one place topic names live. Contracts for each topic are in {@code docs/topics.md}.
 *
 * @param observations input readings (key = series id)
 * @param forecasts    one forecast per accepted observation
 * @param deadLetters  rejected input records, unchanged, with the reason in headers
 * @param modelUpdates compacted topic of model bundles (key = model name), read into a global store
 * @param accuracy     periodic per-key rolling accuracy
 */
public record Topics(String observations, String forecasts, String deadLetters, String modelUpdates,
                     String accuracy) {
    public Topics {
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(forecasts, "forecasts");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(modelUpdates, "modelUpdates");
        Objects.requireNonNull(accuracy, "accuracy");
    }

    public static Topics defaults() {
        return new Topics("observations", "forecasts", "observations-dlq", "model-updates", "forecast-accuracy");
    }
}
