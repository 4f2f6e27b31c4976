package io.streamcast.core.domain;

/**
 * A part of an input record (its key or its value) as it arrived: the bytes as written, kept so that a record
 * that cannot be used is dead-lettered unchanged, and what they decode to, or why they do not.
 *
 * @param bytes   the bytes as written (null when the record had none)
 * @param decoded the decoded value, or the rejection
 */
public record Received<T>(byte[] bytes, Parsed<T> decoded) {
    /** The decoded value; only after checking {@link #rejection()} is null. */
    public T value() {
        return ((Parsed.Ok<T>) decoded).value();
    }

    /** Why these bytes cannot be used, or null if they decoded. */
    public Rejection rejection() {
        return decoded instanceof Parsed.Rejected<T> r ? r.rejection() : null;
    }
}
