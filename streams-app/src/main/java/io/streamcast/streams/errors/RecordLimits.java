package io.streamcast.streams.errors;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The largest records streams-app may write — forecasts and accuracy reports, and dead letters — and a
 * conservative estimate of a record's size as the producer and broker count it.
 *
 * <p>A record over the limit is refused by the producer ({@code RecordTooLargeException}) or the broker; under
 * exactly-once that aborts the transaction, the task re-reads the same input and fails again. So the forecaster
 * checks sizes before it writes and dead-letters what would not fit. Each limit is the smaller of the producer's
 * {@code max.request.size} and the topics' {@code max.message.bytes}, read when the app starts and again when
 * the broker refuses a record as too large ({@link io.streamcast.streams.run.StreamsApp}); until then (and in
 * unit tests) Kafka's defaults.
 *
 * <p>The same for time: outputs carry their input's record timestamp, and a broker refuses one further ahead of
 * its clock than the topic's {@code message.timestamp.after.max.ms} ({@code InvalidTimestampException}), which
 * would loop the same way. {@link #timestampLeadMillis} is the smallest of the output topics' limits, less a
 * margin for clock differences; the forecaster dead-letters an input stamped further ahead.
 */
public final class RecordLimits {
    /** Kafka's default {@code max.request.size} (and about its default {@code max.message.bytes}). */
    public static final int KAFKA_DEFAULT = 1024 * 1024;
    /**
     * Record batch header (61 bytes) and the largest per-record overhead (21 bytes) of Kafka's v2 format, plus
     * margin: a record alone in its batch is what the size checks see.
     */
    static final int OVERHEAD = 61 + 21 + 64;

    private volatile int outputBytes;
    private volatile int deadLetterBytes;
    private volatile long timestampLeadMillis = Long.MAX_VALUE;

    /** The same limit for both kinds of output. */
    public RecordLimits(int maxRecordBytes) {
        set(maxRecordBytes, maxRecordBytes);
    }

    public static RecordLimits kafkaDefaults() {
        return new RecordLimits(KAFKA_DEFAULT);
    }

    /** The largest forecast or accuracy report. */
    public int outputBytes() {
        return outputBytes;
    }

    /** The largest dead letter. */
    public int deadLetterBytes() {
        return deadLetterBytes;
    }

    public void set(int output, int deadLetter) {
        if (output < 1024 || deadLetter < 1024) {
            throw new IllegalArgumentException("a record limit below 1 KiB leaves no room for a forecast or a dead "
                    + "letter: " + output + ", " + deadLetter);
        }
        this.outputBytes = output;
        this.deadLetterBytes = deadLetter;
    }

    /**
     * How far ahead of the wall clock an input's timestamps may be for its outputs to be accepted
     * ({@code Long.MAX_VALUE}: no limit known).
     */
    public long timestampLeadMillis() {
        return timestampLeadMillis;
    }

    /**
     * Sets {@link #timestampLeadMillis} from the smallest {@code message.timestamp.after.max.ms} of the output
     * topics: that less a tenth of it, at most a minute, for the difference between this host's clock and the
     * broker's.
     */
    public void setTimestampLimit(long afterMaxMillis) {
        if (afterMaxMillis < 0) {
            throw new IllegalArgumentException("message.timestamp.after.max.ms must be >= 0: " + afterMaxMillis);
        }
        this.timestampLeadMillis = afterMaxMillis == Long.MAX_VALUE ? Long.MAX_VALUE
                : afterMaxMillis - Math.min(60_000L, afterMaxMillis / 10);
    }

    /** Whether a forecast or accuracy report of these parts fits. */
    public boolean outputFits(int keyBytes, int valueBytes, Headers headers) {
        return estimate(keyBytes, valueBytes, headers) <= outputBytes;
    }

    /** An upper bound of the record's size in a batch of its own: overhead, varint lengths, key, value, headers. */
    public static long estimate(int keyBytes, int valueBytes, Headers headers) {
        return OVERHEAD + 5L + keyBytes + 5L + valueBytes + 5L + headersBytes(headers);
    }

    /** What these headers add to a record's size (0 for none). */
    static long headersBytes(Iterable<Header> headers) {
        long size = 0;
        if (headers != null) {
            for (Header h : headers) {
                size += headerBytes(h.key(), h.value());
            }
        }
        return size;
    }

    static long headerBytes(String key, byte[] value) {
        return 5L + key.getBytes(StandardCharsets.UTF_8).length + 5L + (value == null ? 0 : value.length);
    }

    @Override
    public String toString() {
        return "RecordLimits[forecasts " + outputBytes + " B, dead letters " + deadLetterBytes + " B]";
    }
}
