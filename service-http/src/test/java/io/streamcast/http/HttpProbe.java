package io.streamcast.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;

/** Test clients of a local HTTP server: well-behaved requests and half-sent ones. */
public final class HttpProbe {
    /** A request line and a header, but never the blank line that ends the headers. */
    public static final String HALF_SENT = "GET /metrics HTTP/1.1\r\nHost: x\r\n";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpProbe() {}

    /** {@code GET path} on 127.0.0.1:port, with an {@code Authorization} header unless null. */
    public static HttpResponse<String> get(int port, String path, String authorization) throws Exception {
        return get(port, path, authorization, Duration.ofSeconds(15));
    }

    /** {@link #get(int, String, String)} that gives up (throws) after {@code timeout}. */
    public static HttpResponse<String> get(int port, String path, String authorization, Duration timeout)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Asks {@code GET path} until it gets an answer (any status) or {@code patience} is over: the answer's status,
     * or -1. Failed attempts (reset, timeout) are retried.
     */
    public static int awaitAnswer(int port, String path, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return get(port, path, null).statusCode();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Thread.sleep(200); // the server closed or did not answer this one: ask again
            }
        }
        return -1;
    }

    /** {@code count} connections that each sent {@link #HALF_SENT}. */
    public static List<Socket> halfSentRequests(int port, int count) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket s = new Socket("127.0.0.1", port);
            OutputStream out = s.getOutputStream();
            out.write(HALF_SENT.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sockets.add(s);
        }
        return sockets;
    }

    /**
     * Whether the server closes the connection within {@code patience}: a read sees its end or a reset. Bytes
     * the server sent first (an error answer) are read past.
     */
    public static boolean closedByServer(Socket socket, Duration patience) throws IOException {
        socket.setSoTimeout((int) patience.toMillis());
        try {
            while (socket.getInputStream().read() != -1) {
                // an answer before closing is fine
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by the server
        }
    }

    public static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing a test socket
            }
        }
    }

    /**
     * Asks {@code GET path} {@code probes} times, one after another, each given {@code timeout} (e.g.
     * while {@link SlowClients} run): the longest answer time in ms, or -1 when a probe got no answer or not {@code status}.
     */
    public static long slowestProbe(int port, String path, int probes, int status, Duration timeout)
            throws InterruptedException {
        long slowest = 0;
        for (int i = 0; i < probes; i++) {
            long start = System.nanoTime();
            try {
                if (get(port, path, null, timeout).statusCode() != status) {
                    return -1;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception timedOut) {
                return -1;
            }
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
            Thread.sleep(100);
        }
        return slowest;
    }

    /**
     * Opens {@code slowClients} half-sent requests (more than the server has threads: each holds one until the
     * request time limit closes it) and asserts that {@code /health} and {@code /metrics} still answer, with the
     * given statuses, and that the server closes every slow connection.
     */
    public static void assertHealthAndMetricsSurviveHalfSentRequests(int port, int slowClients, int healthStatus)
            throws Exception {
        List<Socket> slow = halfSentRequests(port, slowClients);
        try {
            Assertions.assertThat(awaitAnswer(port, "/health", Duration.ofSeconds(90)))
                    .isEqualTo(healthStatus);
            Assertions.assertThat(awaitAnswer(port, "/metrics", Duration.ofSeconds(90)))
                    .isEqualTo(200);
            for (Socket s : slow) {
                Assertions.assertThat(closedByServer(s, Duration.ofSeconds(90))).isTrue();
            }
        } finally {
            closeAll(slow);
        }
    }
}
