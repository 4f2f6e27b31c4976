package io.streamcast.core.domain;

import java.util.Objects;

/** A typed refusal of an input record: the reason plus a human-readable detail (never null). */
public record Rejection(RejectReason reason, String detail) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }
}
