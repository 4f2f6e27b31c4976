package io.streamcast.streams.config;

import io.streamcast.options.deployment.ForecastGroup;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How often a group writes a key's forecast to its forecasts topic (docs/configuration.md#forecast-output).
 *
 * <p>Without a tolerance the emit policy is a cadence: {@link #emits(int)}. With one, a key's forecast is written
 * when it moved (some step's mean by more than {@code emitTolerance} × that step's interval half-width, against the
 * forecast last written for the key at the same target time), when the last written one no longer covers the next
 * step, or when {@code emitEvery} > 1 observations have passed since it; the first always. That needs the last
 * written means of every key, kept by {@code io.streamcast.streams.topology.EmitPolicy} in a store of their own.
 *
 * @param emitEvery     without a tolerance, a key's forecast is written for its 1st, (N+1)th, (2N+1)th …
 *                      observation; with one, at least every N observations (1, the default: no such bound). The
 *                      forecasts not written are suppressed and counted ({@code streamcast_forecasts_suppressed_total})
 * @param emitTolerance how far a key's forecast must move to be written, in interval half-widths (0: any move);
 *                      empty (the default) for no tolerance
 */
public record ForecastOutput(int emitEvery, OptionalDouble emitTolerance) {
    public static final ForecastOutput DEFAULTS = new ForecastOutput(1);

    /** Without a tolerance. */
    public ForecastOutput(int emitEvery) {
        this(emitEvery, OptionalDouble.empty());
    }

    public ForecastOutput {
        if (emitEvery < 1) {
            throw new IllegalArgumentException("emitEvery must be >= 1: " + emitEvery);
        }
        Objects.requireNonNull(emitTolerance, "emitTolerance");
        emitTolerance.ifPresent(ForecastGroup.Output::requireTolerance);
    }

    public boolean hasTolerance() {
        return emitTolerance.isPresent();
    }

    /**
     * Without a tolerance: whether the forecast made with a key's {@code seen}-th observation is written: the first,
     * then every {@code emitEvery}-th after it. {@code seen} is the key's observation count in its state, so the
     * policy needs no state of its own (a key that starts afresh, after expiry or a reset, emits its next
     * forecast). The count saturates at {@code Integer.MAX_VALUE}; from there on every forecast is written.
     */
    public boolean emits(int seen) {
        return emitEvery == 1 || seen == Integer.MAX_VALUE || (seen - 1) % emitEvery == 0;
    }
}
