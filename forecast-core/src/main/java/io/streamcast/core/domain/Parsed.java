package io.streamcast.core.domain;

import java.util.function.Function;

/** The outcome of decoding untrusted input: a value, or a {@link Rejection}. Decoders never throw on bad input. */
public sealed interface Parsed<T> permits Parsed.Ok, Parsed.Rejected {

    record Ok<T>(T value) implements Parsed<T> {}

    record Rejected<T>(Rejection rejection) implements Parsed<T> {}

    static <T> Parsed<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Parsed<T> rejected(RejectReason reason, String detail) {
        return new Rejected<>(new Rejection(reason, detail));
    }

    /** The value passed through {@code f}, or the same rejection. */
    default <U> Parsed<U> map(Function<? super T, ? extends U> f) {
        return this instanceof Ok<T> ok ? new Ok<>(f.apply(ok.value()))
                : new Rejected<>(((Rejected<T>) this).rejection());
    }
}
