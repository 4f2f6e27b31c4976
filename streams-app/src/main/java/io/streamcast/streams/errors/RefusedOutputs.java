package io.streamcast.streams.errors;

import io.streamcast.core.domain.RejectReason;
import io.streamcast.core.domain.Rejection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inputs whose output the producer or broker refused (too large, invalid), remembered across the task's
 * retry so that the retry dead-letters the input instead of failing the same way for ever.
 *
 * <p>Under exactly-once a refused send aborts the transaction: the task is revived and re-reads the input from
 * its last commit. The forecaster checks sizes before it writes, so this only catches what that check cannot
 * know (a topic's {@code max.message.bytes} lowered while the app runs, a broker-side refusal). The
 * {@link StreamsErrorHandlers production handler} notes the failed output's key and timestamp — they are the
 * input's — and the forecaster, meeting that input again, dead-letters it. A dead letter that is itself refused
 * is noted at a higher level: the next attempt writes a minimal letter (no value), and after that the input is
 * dropped with an error log and a metric, so nothing loops.
 *
 * <p>Shared by the stream threads of one instance (a revived task can land on another thread); bounded.
 */
public final class RefusedOutputs {
    /** How often an input's output was refused, and the last reason. */
    public record Refusal(int times, Rejection rejection) {}

    static final int CAPACITY = 10_000;

    private final Map<Key, Refusal> refused = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Refusal> eldest) {
            return size() > CAPACITY;
        }
    };

    private record Key(byte[] key, long timestamp) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.timestamp == timestamp && Arrays.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(key) + Long.hashCode(timestamp);
        }
    }

    /** Read on every input record without the lock: refusals are rare. */
    private volatile boolean empty = true;

    /** Whether no refusal was ever noted (cheap; lets the forecaster skip the lookup). */
    public boolean isEmpty() {
        return empty;
    }

    /**
     * Notes that an output with this key and record timestamp was refused.
     *
     * @param deadLetter whether the refused output was the input's dead letter (then the next attempt must be
     *                   smaller); a forecast or accuracy report refused again (the same transaction's retry)
     *                   changes nothing
     */
    public synchronized void refused(byte[] key, long timestamp, boolean deadLetter, RejectReason reason,
                                     String detail) {
        empty = false;
        Key k = new Key(key == null ? new byte[0] : key.clone(), timestamp);
        Refusal before = refused.get(k);
        int times = before == null ? 1 : deadLetter ? before.times() + 1 : before.times();
        Rejection why = before != null && !deadLetter ? before.rejection() : new Rejection(reason, detail);
        refused.put(k, new Refusal(times, why));
    }

    /** The refusal noted for an input with this key and timestamp, or null. */
    public synchronized Refusal find(byte[] key, long timestamp) {
        return refused.get(new Key(key == null ? new byte[0] : key, timestamp));
    }

    public synchronized int size() {
        return refused.size();
    }
}
