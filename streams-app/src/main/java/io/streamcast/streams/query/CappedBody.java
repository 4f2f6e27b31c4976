package io.streamcast.streams.query;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into a byte array, at most {@code cap} bytes of it: a longer one (by its
 * {@code Content-Length}, or counted as it arrives) fails with {@link TooLarge} and the rest is not read.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** A body longer than the cap. */
    static final class TooLarge extends IOException {
        TooLarge(long cap) {
            super("answer longer than " + cap + " bytes");
        }
    }

    private final long cap;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    private CappedBody(long cap) {
        this.cap = cap;
    }

    /** Bodies of at most {@code cap} bytes. */
    static HttpResponse.BodyHandler<byte[]> handler(long cap) {
        return info -> {
            CappedBody subscriber = new CappedBody(cap);
            if (info.headers().firstValueAsLong("Content-Length").orElse(0) > cap) {
                subscriber.body.completeExceptionally(new TooLarge(cap)); // onSubscribe then cancels at once
            }
            return subscriber;
        };
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (body.isDone()) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            if (received.size() + (long) b.remaining() > cap) {
                body.completeExceptionally(new TooLarge(cap));
                subscription.cancel();
                return;
            }
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            received.writeBytes(bytes);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(received.toByteArray());
    }
}
