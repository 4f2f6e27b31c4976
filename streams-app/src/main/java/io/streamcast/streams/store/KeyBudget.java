package io.streamcast.streams.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many keys this instance's stores may hold, over every task and group: a producer that puts a UUID or a
 * timestamp in the key would otherwise create a state per record and keep each for the TTL. A new key beyond the
 * budget is refused (the forecaster dead-letters it as {@code key-limit}); the keys already held go on, and a key
 * that expires makes room. Each task reports its own count; the total is their sum. Thread-safe: stream threads
 * share it.
 *
 * <p>The budget is the Kafka Streams property {@value #MAX_KEYS_CONFIG} (default {@value #DEFAULT_MAX_KEYS}), set
 * like any client property ({@code --kafka-config}, {@code STREAMCAST_KAFKA_STREAMCAST_MAX_KEYS}).
 */
public final class KeyBudget {
    public static final String MAX_KEYS_CONFIG = "streamcast.max.keys";
    /** Five million keys: about 2.5 GB of state at the bench's 509 B a key, on disk; RocksDB's memory is bounded. */
    public static final long DEFAULT_MAX_KEYS = 5_000_000;

    private final long max;
    private final Map<String, Long> byTask = new ConcurrentHashMap<>();

    public KeyBudget(long max) {
        if (max < 1) {
            throw new IllegalArgumentException(MAX_KEYS_CONFIG + " must be >= 1: " + max);
        }
        this.max = max;
    }

    /** No budget (tests and tools). */
    public static KeyBudget unlimited() {
        return new KeyBudget(Long.MAX_VALUE);
    }

    /** The budget of these Kafka Streams properties (the pass-through overrides included). */
    public static KeyBudget from(Map<?, ?> streamsProperties) {
        Object value = streamsProperties.get(MAX_KEYS_CONFIG);
        try {
            return new KeyBudget(value == null ? DEFAULT_MAX_KEYS : Long.parseLong(value.toString().trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_KEYS_CONFIG + " must be a whole number of keys: " + value);
        }
    }

    public long max() {
        return max;
    }

    /** Keys held by every task now. */
    public long total() {
        long total = 0;
        for (long n : byTask.values()) {
            total += n;
        }
        return total;
    }

    /** Whether one more key fits. */
    public boolean hasRoom() {
        return total() < max;
    }

    /** A task's count (its store's estimate at start, exact after each expiry pass); -1 removes the task. */
    public void set(String task, long keys) {
        if (keys < 0) {
            byTask.remove(task);
        } else {
            byTask.put(task, keys);
        }
    }

    /** A task took a new key. */
    public void added(String task) {
        byTask.merge(task, 1L, Long::sum);
    }
}
