package io.streamcast.streams.topology;

import io.streamcast.core.forecast.SeriesState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Deletes a task's keys that have been idle for longer than the TTL on two clocks, a slice at a time.
 *
 * <p>Two clocks: a key expires only when its last event time (the JSON {@code ts}) is more than the TTL behind the
 * task's newest event time <em>and</em> its last observation was processed more than the TTL ago by the wall
 * clock ({@link SeriesState#lastArrivalMillis()}). Event time alone deleted a key that backfills old history next
 * to live keys in the same task at every pass, and one record stamped a day ahead moved every key's cutoff by a
 * day; wall-clock time alone would keep a replay's keys for the TTL after a fast replay ended. Never stream time
 * (record timestamps): a producer that backfills history with wall-clock record timestamps would otherwise make
 * every key look years idle. A state of an earlier layout, without an arrival time, is judged on event time.
 *
 * <p>A slice at a time: a pass starts when the task's event time or the wall clock has moved {@code passEvery}
 * since the last pass began, and each {@link #slice} call reads at most {@code sliceKeys} entries from where the last one
 * stopped, so a store of millions of keys never stalls the stream thread in one punctuation. Unreadable
 * entries ({@link SeriesState#isUnreadable()}) are deleted too: their key starts afresh if it comes back. What
 * else the task keeps per key (its last written forecast, {@link EmitPolicy}) is deleted with it, through
 * {@code alsoDelete}. Used by the task's thread only.
 */
final class IdleKeyExpiry {
    /** Outcome of one slice: keys deleted, and the store's key count when a pass just completed (else -1). */
    record Slice(int deleted, long keysAfterPass) {}

    private final KeyValueStore<String, SeriesState> store;
    private final long ttlMillis;
    private final long passEveryMillis;
    private final int sliceKeys;
    private final Consumer<String> alsoDelete;

    private long eventTime = SeriesState.NO_TIME;
    private long lastPassStart = SeriesState.NO_TIME;
    private long lastPassWallClock;
    private boolean inPass;
    private long cutoff;
    private long arrivalCutoff;
    private String cursor;
    private long keptInPass;

    IdleKeyExpiry(KeyValueStore<String, SeriesState> store, Duration ttl, Duration passEvery, int sliceKeys,
                  Consumer<String> alsoDelete) {
        this.store = store;
        this.alsoDelete = alsoDelete;
        this.ttlMillis = ttl.toMillis();
        this.passEveryMillis = passEvery.toMillis();
        this.sliceKeys = sliceKeys;
    }

    /** The task accepted an observation with this event time. */
    void observed(long eventMillis) {
        if (eventMillis > eventTime) {
            eventTime = eventMillis;
        }
    }

    /**
     * Continues the pass in progress, or starts one when due; reads at most {@code sliceKeys} entries.
     *
     * @param wallClockMillis the task's wall-clock time now
     */
    Slice slice(long wallClockMillis) {
        if (!inPass) {
            if (eventTime == SeriesState.NO_TIME || (lastPassStart != SeriesState.NO_TIME
                    && eventTime - lastPassStart < passEveryMillis
                    && wallClockMillis - lastPassWallClock < passEveryMillis)) {
                return new Slice(0, -1);
            }
            inPass = true;
            lastPassStart = eventTime;
            lastPassWallClock = wallClockMillis;
            cutoff = eventTime - ttlMillis;
            arrivalCutoff = wallClockMillis - ttlMillis;
            cursor = null;
            keptInPass = 0;
        }
        List<String> idle = new ArrayList<>();
        int read = 0;
        boolean more;
        try (KeyValueIterator<String, SeriesState> it = cursor == null ? store.all() : store.range(cursor, null)) {
            while (it.hasNext() && read < sliceKeys) {
                KeyValue<String, SeriesState> entry = it.next();
                if (entry.key.equals(cursor)) {
                    continue; // range() starts at the last key read
                }
                read++;
                cursor = entry.key;
                SeriesState s = entry.value;
                if (s == null || s.isUnreadable() || (s.lastEventMillis() < cutoff
                        && (s.lastArrivalMillis() == SeriesState.NO_TIME || s.lastArrivalMillis() < arrivalCutoff))) {
                    idle.add(entry.key);
                } else {
                    keptInPass++;
                }
            }
            more = it.hasNext();
        }
        for (String key : idle) {
            store.delete(key);
            alsoDelete.accept(key);
        }
        if (more) {
            return new Slice(idle.size(), -1);
        }
        inPass = false;
        return new Slice(idle.size(), keptInPass);
    }
}
