package io.streamcast.streams.query;

import io.streamcast.http.BearerToken;
import io.streamcast.http.TlsSettings;
import io.streamcast.streams.query.SeriesQueries.Answer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another streams-app instance (its REST API at its {@code application.server}) on behalf of this one:
 * a GET marked {@value #FORWARDED_HEADER}, with the shared bearer token when there is one, answered within
 * {@link #TIMEOUT} and at most {@link #MAX_ANSWER_BYTES} long. Over HTTPS when the instances serve it (they
 * all do or none does: one deployment, one setting), trusting {@link TlsSettings#trusted} and checking that the
 * other instance's certificate names its advertised host; the token never travels in clear then.
 */
public final class Forwarder {
    /** Marks a request one instance forwarded to another. */
    public static final String FORWARDED_HEADER = "X-Streamcast-Forwarded";

    /**
     * The longest answer read from another instance: 4 MiB. The largest legitimate ones are a key's history
     * (45-60 bytes per point of its window: 4 MiB is some 70,000 points, far more than any window in use) and a
     * {@code /series?local=true} page of at most 1,000 ids (tens of KB for ids of tens of bytes). Without a cap a
     * misbehaving instance, or anything answering at its address, could make an HTTP thread buffer as much as it
     * sends, on every thread of the server at once; with it they hold at most 32 x 4 MiB.
     */
    public static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    /** How long an instance has to answer, body included. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final BearerToken token;
    private final String scheme;

    /**
     * @param token sent to the other instances (they share it), or null when the API needs none
     * @param tls   the instances' HTTPS settings, or null when they serve plain HTTP
     */
    public Forwarder(BearerToken token, TlsSettings tls) {
        this.token = token;
        this.scheme = tls == null ? "http" : "https";
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (tls != null) {
            client.sslContext(tls.clientContext());
        }
        this.http = client.build();
    }

    /**
     * The owner's answer to {@code GET path}, its status and body as they are; 502 when it did not answer in
     * time or its answer is longer than {@link #MAX_ANSWER_BYTES}.
     */
    Answer forward(HostInfo owner, String path) {
        return forward(owner, path, null);
    }

    /** {@link #forward(HostInfo, String)} with a query string ({@code local=true}), or null for none. */
    Answer forward(HostInfo owner, String path, String query) {
        CompletableFuture<HttpResponse<byte[]>> asked = ask(owner, path, query);
        try {
            HttpResponse<byte[]> response = asked.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            asked.cancel(true);
            Thread.currentThread().interrupt();
            return Answer.of(503, "error", "interrupted");
        } catch (TimeoutException e) {
            asked.cancel(true);
            return Answer.of(502, "error", "owner " + name(owner) + " did not answer within "
                    + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (isTooLarge(e)) {
                return Answer.of(502, "error", "the answer of owner " + name(owner) + " exceeded "
                        + MAX_ANSWER_BYTES / (1024 * 1024) + " MiB, the limit for forwarded answers");
            }
            return Answer.of(502, "error", "owner " + name(owner) + " did not answer: " + e.getCause());
        }
    }

    /**
     * {@code GET path?query} on {@code host}, in the background; fails when the host makes no URI, on a
     * network error or timeout, or with {@link CappedBody.TooLarge} (perhaps wrapped) past the size limit.
     */
    CompletableFuture<HttpResponse<byte[]>> ask(HostInfo host, String path, String query) {
        HttpRequest request;
        try {
            URI uri = new URI(scheme, null, host.host(), host.port(), path, query, null);
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header(FORWARDED_HEADER, "true").GET();
            if (token != null) {
                builder.header("Authorization", token.authorization());
            }
            request = builder.build();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(name(host) + " makes no URI", e));
        }
        return http.sendAsync(request, CappedBody.handler(MAX_ANSWER_BYTES));
    }

    /** Whether a failure of {@link #ask} is an answer over the size limit. */
    static boolean isTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CappedBody.TooLarge) {
                return true;
            }
        }
        return false;
    }

    private static String name(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
