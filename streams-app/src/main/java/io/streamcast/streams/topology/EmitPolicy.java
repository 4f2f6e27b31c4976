package io.streamcast.streams.topology;

import io.streamcast.core.domain.Forecast;
import io.streamcast.streams.config.ForecastOutput;
import io.streamcast.streams.config.GroupNodes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A group's emit policy ({@link ForecastOutput}) for one stream task: whether a key's forecast is written or
 * suppressed.
 *
 * <p>Without a tolerance the key's observation count decides and nothing is stored. With one, each key's last written
 * forecast ({@link LastWritten}) is kept in the group's {@link GroupNodes#writtenStore()} (persistent, changelogged
 * like the series state, so the policy goes on where it was after a restart or a move of the task), and a forecast is
 * written when:
 * <ul>
 *   <li>the key has no written forecast (its first observation, after idle expiry or a state reset: its state
 *       counts fewer observations than when the stored one was written), or the stored one does not decode (writing
 *       is the side a policy may err on);</li>
 *   <li>{@code emit-every} N &gt; 1 and N observations of the key have passed since the last write;</li>
 *   <li>the forecast moved ({@link LastWritten#moved}): step changed, the last written forecast no longer covers the
 *       next step (so a consumer holding it is never left without a forecast of the next step), or a step's mean
 *       moved by more than the tolerance × its half-width.</li>
 * </ul>
 *
 * <p>{@link #decide} only reads, so the forecaster may work a record out twice (a retry on a fresh state) and store
 * nothing until it is done; {@link #written} stores what a written forecast's decision carries.
 */
final class EmitPolicy {
    /** Write or suppress; a write under a tolerance carries the record to store as the key's last written. */
    record Decision(boolean writes, byte[] lastWritten) {}

    private static final Decision WRITE = new Decision(true, null);
    private static final Decision SUPPRESS = new Decision(false, null);

    private final ForecastOutput output;
    private final double tolerance;
    private final KeyValueStore<String, byte[]> store;

    /** @param store the group's written-forecasts store; null without a tolerance (the topology has none then) */
    EmitPolicy(ForecastOutput output, KeyValueStore<String, byte[]> store) {
        if (output.hasTolerance() != (store != null)) {
            throw new IllegalArgumentException("a written-forecasts store with a tolerance, and only then");
        }
        this.output = output;
        this.tolerance = output.emitTolerance().orElse(Double.NaN);
        this.store = store;
    }

    /**
     * @param seen   the key's observation count, this one included
     * @param newKey whether the key's state was made afresh for this observation
     */
    Decision decide(String seriesId, int seen, boolean newKey, Forecast forecast) {
        if (store == null) {
            return output.emits(seen) ? WRITE : SUPPRESS;
        }
        LastWritten last = newKey ? null : read(seriesId);
        boolean writes = last == null || seen <= last.seen || seen == Integer.MAX_VALUE
                || (output.emitEvery() > 1 && seen - last.seen >= output.emitEvery())
                || last.moved(forecast, tolerance);
        return writes ? new Decision(true, LastWritten.of(forecast, seen).encode()) : SUPPRESS;
    }

    /** The forecast of {@code d} was written. */
    void written(String seriesId, Decision d) {
        if (d.lastWritten() != null) {
            store.put(seriesId, d.lastWritten());
        }
    }

    /** The key left the series state (idle expiry): its last written forecast goes too. */
    void forget(String seriesId) {
        if (store != null) {
            store.delete(seriesId);
        }
    }

    private LastWritten read(String seriesId) {
        byte[] bytes = store.get(seriesId);
        if (bytes == null) {
            return null;
        }
        try {
            return LastWritten.decode(bytes);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
