package io.streamcast.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.http.ApiServer;
import io.streamcast.http.HttpSettings;
import io.streamcast.streams.health.HealthReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /health} and the probes once serving: the report as the body, or the status only. */
class HealthRouteTest {
    private final HealthRoute route = new HealthRoute();
    private final HttpClient client = HttpClient.newHttpClient();
    private ApiServer server;
    private HealthReport report;

    @BeforeEach
    void start() throws Exception {
        server = new ApiServer(HttpSettings.open("127.0.0.1", 0), "health-route-test", 2, path -> true);
        server.route("/health", route::handle);
        server.start();
        route.serve(() -> report);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HealthReport report(String status, boolean live, boolean ready, List<String> reasons) {
        return new HealthReport(status, live, ready, "RUNNING", Map.of("app-StreamThread-1", "RUNNING"),
                new HealthReport.Tasks(List.of("0_0"), List.of("0_1")), reasons, "v7", "signed", null,
                new HealthReport.Refused("2026-12-01T10:20:00Z", "stale", "bundle 3 is older than 4"), null);
    }

    @Test
    void healthAnswersTheWholeReportAndIsReadyOrNot() throws Exception {
        report = report("UP", true, true, List.of());
        HttpResponse<String> up = get("/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).isEqualTo("{\"status\":\"UP\",\"live\":true,\"ready\":true,\"streams\":\"RUNNING\","
                + "\"threads\":{\"app-StreamThread-1\":\"RUNNING\"},\"tasks\":{\"active\":[\"0_0\"],\"standby\":[\"0_1\"]},"
                + "\"reasons\":[],\"model\":\"v7\",\"model_trust\":\"signed\",\"model_last_refused\":"
                + "{\"at\":\"2026-12-01T10:20:00Z\",\"reason\":\"stale\",\"message\":\"bundle 3 is older than 4\"}}");
        report = report("DEGRADED", true, false, List.of("Kafka Streams is REBALANCING"));
        HttpResponse<String> degraded = get("/health");
        assertThat(degraded.statusCode()).isEqualTo(503);
        assertThat(degraded.body()).contains("\"reasons\":[\"Kafka Streams is REBALANCING\"]");
    }

    @Test
    void theProbesAnswerTheStatusOnlyWithTheirOwnCodes() throws Exception {
        report = report("DEGRADED", true, false, List.of("stream thread app-StreamThread-1 is STARTING"));
        HttpResponse<String> live = get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"DEGRADED\",\"live\":true,\"ready\":false}");
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"DEGRADED\",\"live\":true,\"ready\":false}");
        report = report("DOWN", false, false, List.of("Kafka Streams is ERROR"));
        assertThat(get("/health/live").statusCode()).isEqualTo(503);
    }
}
