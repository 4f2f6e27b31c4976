package io.streamcast.streams.config;

import io.streamcast.core.codec.ForecastFormat;
import java.util.Objects;

/**
 * What a group writes to its forecasts topic, and how often (docs/configuration.md#forecast-output).
 *
 * @param format    the forecasts' wire format: compact (the default) or the legacy points format
 * @param emitEvery a key's forecast is written for its 1st, (N+1)th, (2N+1)th … observation; the others are
 *                  suppressed and counted ({@code streamcast_forecasts_suppressed_total}). 1 (the default) writes
 *                  every one
 */
public record ForecastOutput(ForecastFormat format, int emitEvery) {
    public static final ForecastOutput DEFAULTS = new ForecastOutput(ForecastFormat.COMPACT, 1);

    public ForecastOutput {
        Objects.requireNonNull(format, "format");
        if (emitEvery < 1) {
            throw new IllegalArgumentException("emitEvery must be >= 1: " + emitEvery);
        }
    }

    /**
     * Whether the forecast made with a key's {@code seen}-th observation is written: the first, then every
     * {@code emitEvery}-th after it. {@code seen} is the key's observation count in its state, so the policy needs
     * no state of its own (a key that starts afresh, after expiry or a reset, emits its next forecast). The count
     * saturates at {@code Integer.MAX_VALUE}; from there on every forecast is written.
     */
    public boolean emits(int seen) {
        return emitEvery == 1 || seen == Integer.MAX_VALUE || (seen - 1) % emitEvery == 0;
    }
}
