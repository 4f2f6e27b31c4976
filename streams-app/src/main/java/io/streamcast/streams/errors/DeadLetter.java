package io.streamcast.streams.errors;

import io.streamcast.core.domain.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One record for the dead-letter topic: the input's key, value and headers, unchanged, plus the reason, a
 * detail and the input's coordinates (docs/topics.md).
 *
 * <p>A dead letter must always be writable, or the record that caused it would fail again and again. When the
 * whole copy does not fit the {@link RecordLimits}, parts are left out in this order, each noted in a header:
 * the input's own headers ({@value #HEADER_HEADERS_DROPPED}: how many), then the value's tail
 * ({@value #HEADER_VALUE_BYTES}: the original length), then the key's tail ({@value #HEADER_KEY_BYTES}).
 *
 * @param key     the dead letter's key (the input key, possibly cut)
 * @param value   its value (the input value, possibly cut)
 * @param headers the input's headers (unless dropped) and ours
 */
public record DeadLetter(byte[] key, byte[] value, Headers headers) {
    public static final String HEADER_REASON = "reason";
    public static final String HEADER_DETAIL = "detail";
    public static final String HEADER_TOPIC = "source.topic";
    public static final String HEADER_PARTITION = "source.partition";
    public static final String HEADER_OFFSET = "source.offset";
    public static final String HEADER_VALUE_BYTES = "truncated.value.bytes";
    public static final String HEADER_KEY_BYTES = "truncated.key.bytes";
    public static final String HEADER_HEADERS_DROPPED = "truncated.headers";
    /** A detail longer than this is cut: it quotes untrusted input or exception messages. */
    static final int MAX_DETAIL_CHARS = 300;

    /** Where the input came from; {@code topic} null when unknown (then no coordinate headers). */
    public record Source(String topic, int partition, long offset) {
        public static final Source UNKNOWN = new Source(null, -1, -1);
    }

    /**
     * The record timestamp of an input's dead letter: the input's, but never ahead of the wall clock, which the
     * dead-letter topic may refuse as the outputs did ({@code message.timestamp.after.max.ms}); the source headers
     * find the input, and its own timestamp, again.
     */
    public static long timestamp(long inputTimestamp, long wallClockMillis) {
        return Math.min(inputTimestamp, wallClockMillis);
    }

    /**
     * The dead letter for an input record, cut to fit {@code limits}.
     *
     * @param inputHeaders the input's headers, copied (null = none)
     */
    public static DeadLetter of(byte[] key, byte[] value, Headers inputHeaders, Rejection rejection, Source source,
                                RecordLimits limits) {
        Headers ours = new RecordHeaders();
        ours.add(HEADER_REASON, utf8(rejection.reason().code()));
        ours.add(HEADER_DETAIL, utf8(clip(rejection.detail())));
        if (source.topic() != null) {
            ours.add(HEADER_TOPIC, utf8(source.topic()));
            ours.add(HEADER_PARTITION, utf8(Integer.toString(source.partition())));
            ours.add(HEADER_OFFSET, utf8(Long.toString(source.offset())));
        }
        int keyLength = key == null ? 0 : key.length;
        int valueLength = value == null ? 0 : value.length;
        Header[] input = inputHeaders == null ? new Header[0] : inputHeaders.toArray();
        long inputHeaderBytes = RecordLimits.headersBytes(java.util.Arrays.asList(input));
        long oursBytes = RecordLimits.headersBytes(ours);
        // room for the notes this method may add (three short headers)
        long notes = 3 * RecordLimits.headerBytes(HEADER_HEADERS_DROPPED, new byte[10]);
        long budget = limits.deadLetterBytes() - RecordLimits.estimate(0, 0, null) - oursBytes;

        if (keyLength + valueLength + inputHeaderBytes <= budget) {
            return new DeadLetter(key, value, merged(input, ours));
        }
        budget -= notes;
        Headers headers = new RecordHeaders();
        boolean keepInputHeaders = keyLength + valueLength <= budget - inputHeaderBytes;
        // input headers go first: they are metadata; the value is the evidence
        if (keepInputHeaders) {
            for (Header h : input) {
                headers.add(h);
            }
            budget -= inputHeaderBytes;
        } else if (input.length > 0) {
            ours.add(HEADER_HEADERS_DROPPED, utf8(Integer.toString(input.length)));
        }
        byte[] keptKey = key;
        byte[] keptValue = value;
        if (keyLength + valueLength > budget) {
            int valueRoom = (int) Math.max(0, Math.min(valueLength, budget - keyLength));
            keptValue = value == null ? null : Arrays.copyOf(value, valueRoom);
            ours.add(HEADER_VALUE_BYTES, utf8(Integer.toString(valueLength)));
            if (keyLength > budget) {
                keptKey = Arrays.copyOf(key, (int) Math.max(0, budget));
                keptValue = value == null ? null : new byte[0];
                ours.add(HEADER_KEY_BYTES, utf8(Integer.toString(keyLength)));
            }
        }
        for (Header h : ours) {
            headers.add(h);
        }
        return new DeadLetter(keptKey, keptValue, headers);
    }

    /** Whether this dead letter is a cut copy of its input. */
    public boolean truncated() {
        return headers.lastHeader(HEADER_VALUE_BYTES) != null || headers.lastHeader(HEADER_KEY_BYTES) != null
                || headers.lastHeader(HEADER_HEADERS_DROPPED) != null;
    }

    private static Headers merged(Header[] input, Headers ours) {
        Headers all = new RecordHeaders(input);
        for (Header h : ours) {
            all.add(h);
        }
        return all;
    }

    static String clip(String detail) {
        return detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS) + "...";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
