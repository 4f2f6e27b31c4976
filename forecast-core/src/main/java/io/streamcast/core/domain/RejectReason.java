package io.streamcast.core.domain;

/**
 * Why an input record was not turned into a forecast. The {@link #code()} is what the dead-letter topic's
 * {@code reason} header and the DLQ metric's {@code reason} tag carry.
 */
public enum RejectReason {
    /** The record has no key, or an empty one: the key is the series id. */
    MISSING_KEY("missing-key"),
    /** The value is not a single well-formed JSON document (or has duplicate fields / trailing content). */
    NOT_JSON("not-json"),
    /** The value is JSON but not an object. */
    NOT_OBJECT("not-object"),
    /** {@code ts} or {@code value} is missing or null. */
    MISSING_FIELD("missing-field"),
    /** {@code value} is not a JSON number. */
    BAD_VALUE("bad-value"),
    /** {@code value} is NaN or infinite (including numbers that overflow a double). */
    NON_FINITE("non-finite"),
    /** {@code ts} is neither an ISO-8601 string nor integral epoch milliseconds. */
    BAD_TIMESTAMP("bad-timestamp"),
    /** {@code ts} parses but lies outside [1970-01-01, 2200-01-01). */
    ABSURD_TIMESTAMP("absurd-timestamp"),
    /** {@code ts} is further ahead of the wall clock than the configured skew; it would freeze stream time. */
    FUTURE_TIMESTAMP("future-timestamp"),
    /** {@code ts} is older than the key's last event time. */
    LATE("late"),
    /** The key is not valid UTF-8, or longer than the configured limit (default 1 KiB). */
    BAD_KEY("bad-key"),
    /** A new key while this instance already holds as many keys as its budget allows; existing keys go on. */
    KEY_LIMIT("key-limit"),
    /**
     * What the record would produce (its forecast), or the record itself, is larger than the broker accepts on
     * an output topic; the dead letter may be a truncated copy.
     */
    TOO_LARGE("too-large"),
    /** An unexpected exception while forecasting this record; the detail names it. Other keys go on. */
    PROCESSING_ERROR("processing-error"),
    /** The broker refused this record's output for another reason than its size; the detail says why. */
    PRODUCTION_ERROR("production-error");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
