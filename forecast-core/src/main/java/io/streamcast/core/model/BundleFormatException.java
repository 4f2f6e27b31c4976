package io.streamcast.core.model;

/** A model bundle that is corrupt, inconsistent or untrusted; the message says which check failed. */
public class BundleFormatException extends Exception {
    private final String reason;

    public BundleFormatException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BundleFormatException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** A short machine-readable reason (metric tag), e.g. {@code checksum}, {@code truncated}. */
    public String reason() {
        return reason;
    }
}
