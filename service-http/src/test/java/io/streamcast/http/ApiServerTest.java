package io.streamcast.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared server: bearer auth on all but public paths, Host checks, security headers, the limits of {@link HttpLimits}. */
class ApiServerTest {
    private static final String TOKEN = "test-token-0123456789";
    private ApiServer server;

    private ApiServer start(BearerToken token) throws Exception {
        server = new ApiServer(new HttpSettings("127.0.0.1", 0, token), "test-http", 2, BearerAuth::probePath);
        server.route("/", ex -> Exchanges.send(ex, 200, "text/plain", ex.getRequestURI().getPath().getBytes()));
        server.route("/health", ex -> Exchanges.send(ex, 200, "text/plain", "up".getBytes()));
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withATokenOnlyTheProbesAreOpen() throws Exception {
        int port = start(BearerToken.of(TOKEN)).port();
        HttpResponse<String> missing = HttpProbe.get(port, "/data", null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"streamcast\"");
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(missing.body()).startsWith("{\"error\":\"this API needs a bearer token").doesNotContain(TOKEN);
        HttpResponse<String> wrong = HttpProbe.get(port, "/data", "Bearer not-" + TOKEN);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
        assertThat(HttpProbe.get(port, "/data", "Basic " + TOKEN).statusCode()).isEqualTo(401);
        assertThat(HttpProbe.get(port, "/data", "Bearer " + TOKEN).body()).isEqualTo("/data");
        for (String open : new String[] {"/health/live", "/health/ready"}) {
            assertThat(HttpProbe.get(port, open, null).statusCode()).as(open).isEqualTo(200);
        }
        for (String closed : new String[] {"/health", "/health/", "/health/livez", "/healthz", "/", "/data/../health",
                "/health/../data", "/health/live/../../data"}) {
            assertThat(HttpProbe.get(port, closed, null).statusCode()).as(closed).isEqualTo(401);
        }
        assertThat(HttpProbe.get(port, "/health", "Bearer " + TOKEN).body()).isEqualTo("up");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersTheRefusedOnesToo() throws Exception {
        int port = start(BearerToken.of(TOKEN)).port();
        for (String path : new String[] {"/data", "/health/live"}) {
            for (String authorization : new String[] {null, "Bearer " + TOKEN}) {
                var headers = HttpProbe.get(port, path, authorization).headers();
                assertThat(headers.firstValue("X-Frame-Options")).as(path).hasValue("DENY");
                assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
                assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
                assertThat(headers.firstValue("Cache-Control")).hasValue("no-store");
                assertThat(headers.firstValue("Content-Security-Policy").orElseThrow())
                        .contains("default-src 'self'", "frame-ancestors 'none'");
            }
        }
    }

    @Test
    void closeStopsListeningAndThePortIsStillKnown() throws Exception {
        int port = start(null).port();
        assertThat(port).isPositive();
        server.close();
        assertThat(server.port()).isEqualTo(port);
        assertThat(server.boundAddress()).isEqualTo("127.0.0.1:" + port);
        try (Socket s = new Socket()) {
            Assertions.assertThatThrownBy(() -> s.connect(
                    new java.net.InetSocketAddress("127.0.0.1", port), 2_000)).isInstanceOf(java.io.IOException.class);
        }
        server = null;
    }

    @Test
    void withoutATokenEverythingIsOpen() throws Exception {
        int port = start(null).port();
        assertThat(HttpProbe.get(port, "/data", null).statusCode()).isEqualTo(200);
        assertThat(HttpProbe.get(port, "/data", "Bearer whatever").statusCode()).isEqualTo(200);
    }

    @Test
    void threeHundredClientsSendingHeadersAByteAtATimeLeaveTheProbesAnswering() throws Exception {
        server = new ApiServer(new HttpSettings("127.0.0.1", 0, BearerToken.of(TOKEN)), "test-http", 32,
                BearerAuth::probePath);
        server.route("/health", ex -> Exchanges.send(ex, 200, "text/plain", "up".getBytes()));
        server.start();
        try (SlowClients flood = SlowClients.start(server.port(), 300, Duration.ofMillis(200))) {
            while (flood.bytesSent() < 300 * 5) {
                Thread.sleep(50); // every connection has sent a few bytes: each would hold a thread if headers did
            }
            long slowest = HttpProbe.slowestProbe(server.port(), "/health/live", 20, 200, Duration.ofSeconds(5));
            System.out.printf("slow clients: 300 connections, %d bytes sent, %d reopened; slowest of 20 "
                    + "liveness probes %d ms%n", flood.bytesSent(), flood.reconnects(), slowest);
            assertThat(slowest).as("every probe answered 200 within 5 s").isNotNegative();
            assertThat(flood.reconnects()).as("the flood's connections stayed open").isLessThan(30);
        }
    }

    @Test
    void aRequestNamingAnotherHostIsRefusedBeforeTheTokenIsLookedAt() throws Exception {
        int port = start(BearerToken.of(TOKEN)).port();
        for (String host : new String[] {"evil.example", "localhost.evil.example:8080"}) {
            String answer = rawAnswer(port, "GET /data HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "
                    + TOKEN + "\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(host).startsWith("HTTP/1.1 421 ").contains("--http-allowed-hosts")
                    .contains("X-frame-options: DENY").doesNotContain("/data");
        }
        for (String host : new String[] {"localhost:1", "127.0.0.1", "[::1]:8080"}) {
            String answer = rawAnswer(port, "GET /data HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "
                    + TOKEN + "\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(host).startsWith("HTTP/1.1 200 ").endsWith("/data");
        }
    }

    @Test
    void oversizedHeadersAreRefused() throws Exception {
        int port = start(null).port();
        String big = "GET /data HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(HttpLimits.MAX_HEADER_BYTES) + "\r\n\r\n";
        assertThat(rawAnswer(port, big)).doesNotContain(" 200 ");
        StringBuilder many = new StringBuilder("GET /data HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 0; i <= HttpLimits.MAX_HEADER_BYTES / 8; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        assertThat(rawAnswer(port, many.append("\r\n").toString())).doesNotContain(" 200 ");
        String fine = "GET /data HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Ok: " + "a".repeat(1000) + "\r\n\r\n";
        assertThat(rawAnswer(port, fine)).startsWith("HTTP/1.1 200 ");
    }

    /** What the server sends until it closes the connection (nothing when it resets it). */
    private static String rawAnswer(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoTimeout(30_000);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        } catch (SocketException reset) {
            return "";
        }
    }
}
