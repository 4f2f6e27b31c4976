package io.streamcast.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.http.BearerToken;
import io.streamcast.http.HttpProbe;
import io.streamcast.http.HttpSettings;
import io.streamcast.http.SlowClients;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bearer token and the request limits of streams-app's server (no Kafka needed). */
class StreamsAppHttpServerLimitsTest {
    private static final String TOKEN = "streams-app-test-token";
    private static final String BEARER = "Bearer " + TOKEN;

    @Test
    void withATokenTheApiMetricsAndDetailedHealthNeedItTheProbesAndThePageDoNot() throws Exception {
        try (StreamsAppHttpServer server = new StreamsAppHttpServer(
                new HttpSettings("127.0.0.1", 0, BearerToken.of(TOKEN)), () -> "# metrics\n")) {
            int port = server.port();
            for (String path : new String[] {"/metrics", "/series", "/series?local=true", "/forecast/s1",
                "/series/s1/history", "/series/s1/accuracy", "/nope", "/favicon.ico"}) {
                HttpResponse<String> none = HttpProbe.get(port, path, null);
                assertThat(none.statusCode()).as(path).isEqualTo(401);
                assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).as(path).startsWith("Bearer");
                assertThat(none.body()).as(path).startsWith("{\"error\":");
                assertThat(HttpProbe.get(port, path, "Bearer wrong").statusCode()).as(path).isEqualTo(401);
            }
            assertThat(HttpProbe.get(port, "/metrics", BEARER).body()).isEqualTo("# metrics\n");
            assertThat(HttpProbe.get(port, "/series", BEARER).statusCode()).isEqualTo(503); // not serving yet
            assertThat(HttpProbe.get(port, "/forecast/s1", BEARER).statusCode()).isEqualTo(503);
            assertThat(HttpProbe.get(port, "/nope", BEARER).statusCode()).isEqualTo(404);
            // probes carry no token: /health/live and /health/ready are open and say the status only; the detailed
            // /health (reasons naming threads, exceptions, models) needs the token
            HttpResponse<String> live = HttpProbe.get(port, "/health/live", null);
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("{\"status\":\"STARTING\",\"live\":true,\"ready\":false}");
            assertThat(HttpProbe.get(port, "/health/ready", null).statusCode()).isEqualTo(503);
            assertThat(HttpProbe.get(port, "/health", null).statusCode()).isEqualTo(401);
            assertThat(HttpProbe.get(port, "/health/other", null).statusCode()).isEqualTo(401);
            assertThat(HttpProbe.get(port, "/health", BEARER).statusCode()).isEqualTo(503);
            // the page's files hold no data: open, so the page can load and then ask for the token
            for (String path : new String[] {"/", "/index.html", "/static/live.js", "/static/live.css",
                "/webjars/uplot/dist/uPlot.iife.min.js"}) {
                assertThat(HttpProbe.get(port, path, null).statusCode()).as(path).isEqualTo(200);
            }
            assertThat(HttpProbe.get(port, "/static/nope.js", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void publicPaths() {
        for (String open : new String[] {"/health/live", "/health/ready", "/", "/index.html",
            "/static/live.js", "/webjars/uplot/dist/uPlot.min.css"}) {
            assertThat(StreamsAppHttpServer.isPublic(open)).as(open).isTrue();
        }
        for (String closed : new String[] {"/health", "/health/", "/metrics", "/series", "/forecast/x", "/healthz",
            "/static", "/x.html"}) {
            assertThat(StreamsAppHttpServer.isPublic(closed)).as(closed).isFalse();
        }
    }

    @Test
    void threeHundredSlowClientsLeaveTheLivenessProbeAnswering() throws Exception {
        try (StreamsAppHttpServer server = new StreamsAppHttpServer(
                new HttpSettings("127.0.0.1", 0, BearerToken.of(TOKEN)), () -> "# metrics\n");
             SlowClients flood = SlowClients.start(server.port(), 300, Duration.ofMillis(200))) {
            while (flood.bytesSent() < 300 * 5) {
                Thread.sleep(50); // each connection has begun its headers, a byte at a time
            }
            long slowest = HttpProbe.slowestProbe(server.port(), "/health/live", 20, 200, Duration.ofSeconds(5));
            System.out.printf("streams-app, 300 slow clients: slowest of 20 liveness probes %d ms%n", slowest);
            assertThat(slowest).as("every probe answered 200 within 5 s").isNotNegative();
        }
    }

    @Test
    void halfSentRequestsNeitherStopHealthAndMetricsNorStayOpen() throws Exception {
        try (StreamsAppHttpServer server = new StreamsAppHttpServer(HttpSettings.open("127.0.0.1", 0),
                () -> "# metrics\n")) {
            HttpProbe.assertHealthAndMetricsSurviveHalfSentRequests(server.port(), StreamsAppHttpServer.THREADS + 4,
                    503);
        }
    }
}
