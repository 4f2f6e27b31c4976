package io.streamcast.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.http.HttpSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing, the page's files and status codes of a server not yet serving queries (no Kafka needed). */
class StreamsAppHttpServerTest {
    private StreamsAppHttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = new StreamsAppHttpServer(HttpSettings.open("127.0.0.1", 0), () -> "# metrics\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String rawPath) throws Exception {
        return send(rawPath, "GET");
    }

    private HttpResponse<String> send(String rawPath, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + rawPath))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageAndItsFilesWithTheirContentTypes() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("/webjars/uplot/dist/uPlot.iife.min.js", "/static/live.js");
        assertThat(get("/static/live.js").headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        HttpResponse<String> uplot = get("/webjars/uplot/dist/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        assertThat(get("/webjars/uplot/dist/uPlot.min.css").headers().firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
    }

    @Test
    void missingFilesAre404JsonAndTraversalIsRefusedWithoutTheFile() throws Exception {
        for (String path : new String[] {"/nope", "/static/nope.js", "/favicon.ico",
            "/seriesx"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
            assertThat(r.body()).as(path).startsWith("{\"error\":");
        }
        // encoded dots and slashes are ambiguous: the server refuses them before any handler, with a JSON error
        for (String path : new String[] {"/static/%2e%2e/logback.xml",
            "/static/%2E%2E/io/streamcast/streams/http/StaticFiles.class", "/webjars/uplot/..%2f..%2fstatic/live.js",
            "/static/..%5cindex.html", "/forecast/a%2Fb"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).as(path).startsWith("application/json");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(r.body()).as(path).startsWith("{\"error\":\"Bad Request").doesNotContain("<");
        }
    }

    @Test
    void apiPathsAnswer503UntilServingAndMalformedOnes400Or404() throws Exception {
        assertThat(get("/series").statusCode()).isEqualTo(503);
        assertThat(get("/series?local=true").statusCode()).isEqualTo(503);
        assertThat(get("/series/s1/history").statusCode()).isEqualTo(503);
        assertThat(get("/series/s1/accuracy").statusCode()).isEqualTo(503);
        assertThat(get("/forecast/s1").statusCode()).isEqualTo(503);
        assertThat(get("/series/s1/other").statusCode()).isEqualTo(404);
        assertThat(get("/series/").statusCode()).isEqualTo(404);
        assertThat(get("/series/a/b/history").statusCode()).isEqualTo(400);
        assertThat(get("/series//history").statusCode()).isEqualTo(400);
        assertThat(get("/health").statusCode()).isEqualTo(503);
        assertThat(get("/metrics").body()).isEqualTo("# metrics\n");
    }

    @Test
    void onlyGet() throws Exception {
        for (String path : new String[] {"/", "/static/live.js", "/series", "/series/s1/history"}) {
            HttpResponse<String> r = send(path, "POST");
            assertThat(r.statusCode()).as(path).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).hasValue("GET");
        }
    }

    @Test
    void beforeServingTheProbesSayStartingAndHealthSaysNotStarted() throws Exception {
        HttpResponse<String> live = get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"STARTING\",\"live\":true,\"ready\":false}");
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"STARTING\",\"live\":true,\"ready\":false}");
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).isEqualTo("{\"status\":\"STARTING\",\"streams\":\"NOT_STARTED\"}");
        assertThat(get("/groups").body()).isEqualTo("{\"error\":\"streams-app is starting\"}");
        assertThat(get("/health/other").statusCode()).isEqualTo(404);
    }
}
