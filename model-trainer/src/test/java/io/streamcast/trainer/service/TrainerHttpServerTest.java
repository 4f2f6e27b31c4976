package io.streamcast.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.http.BearerToken;
import io.streamcast.http.HttpProbe;
import io.streamcast.http.HttpSettings;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The trainer's server: its token rule and its request limits (a trainer never started: no broker needed). */
class TrainerHttpServerTest {
    private static final String TOKEN = "trainer-test-token";
    private static TrainerService trainer;

    @BeforeAll
    static void trainer() {
        // never started; its idempotent producer tries the (absent) broker once, then waits an hour to retry
        TrainerConfig d = TrainerConfig.defaults("127.0.0.1:1", ForecastSettings.defaults());
        trainer = new TrainerService(new TrainerConfig(d.bootstrapServers(), d.topics(), d.modelName(), d.forecast(),
                d.training(), d.retrainEveryPoints(), d.retrainInterval(), d.minPoints(), d.maxPointsPerSeries(),
                d.maxSeries(), Map.of("reconnect.backoff.ms", "3600000", "reconnect.backoff.max.ms", "3600000"),
                d.modelTrust()), e -> { });
    }

    @AfterAll
    static void close() {
        trainer.close();
    }

    @Test
    void withATokenMetricsAndDetailedHealthNeedItTheProbesDoNot() throws Exception {
        try (TrainerHttpServer server = new TrainerHttpServer(new HttpSettings("127.0.0.1", 0,
                BearerToken.of(TOKEN)), () -> "# trainer\n", trainer)) {
            int port = server.port();
            HttpResponse<String> none = HttpProbe.get(port, "/metrics", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
            assertThat(HttpProbe.get(port, "/metrics", "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(HttpProbe.get(port, "/nope", null).statusCode()).isEqualTo(401);
            HttpResponse<String> metrics = HttpProbe.get(port, "/metrics", "Bearer " + TOKEN);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).isEqualTo("# trainer\n");
            assertThat(HttpProbe.get(port, "/nope", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
            assertThat(HttpProbe.get(port, "/health", null).statusCode()).isEqualTo(401);
            HttpResponse<String> health = HttpProbe.get(port, "/health", "Bearer " + TOKEN);
            assertThat(health.statusCode()).isEqualTo(503); // not started
            assertThat(health.body()).contains("\"status\":\"DOWN\"", "\"history_points\"");
            for (String probe : new String[] {"/health/live", "/health/ready"}) {
                HttpResponse<String> answer = HttpProbe.get(port, probe, null);
                assertThat(answer.statusCode()).as(probe).isEqualTo(503);
                assertThat(answer.body()).as(probe).isEqualTo("{\"status\":\"DOWN\"}");
            }
        }
    }

    @Test
    void withoutATokenBothAreOpen() throws Exception {
        try (TrainerHttpServer server = new TrainerHttpServer(HttpSettings.open("127.0.0.1", 0),
                () -> "# trainer\n", trainer)) {
            assertThat(HttpProbe.get(server.port(), "/metrics", null).statusCode()).isEqualTo(200);
            assertThat(HttpProbe.get(server.port(), "/health", null).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void theHealthBodyOfOneGroupHasItsFiguresAtTheTopAndUnderGroups() throws Exception {
        try (TrainerHttpServer server = new TrainerHttpServer(HttpSettings.open("127.0.0.1", 0),
                () -> "# trainer\n", trainer)) {
            String body = HttpProbe.get(server.port(), "/health", null).body();
            String group = "{\"status\":\"DOWN\",\"model_name\":\"" + trainer.config().modelName() + "\","
                    + "\"role\":\"standby\",\"training\":false,\"history_points\":0,\"history_series\":0,"
                    + "\"history_series_cap\":" + trainer.history().maxSeries() + ",\"history_series_left_out\":0,"
                    + "\"champion\":null}";
            assertThat(body).isEqualTo("{\"status\":\"DOWN\",\"trainer\":\"" + trainer.trainerId() + "\","
                    + "\"role\":\"standby\",\"training\":false,\"history_points\":0,\"history_series\":0,"
                    + "\"history_series_cap\":" + trainer.history().maxSeries() + ",\"history_series_left_out\":0,"
                    + "\"champion\":null,\"groups\":{\"default\":" + group + "}}");
            assertThat(HttpProbe.get(server.port(), "/health/other", null).body()).isEqualTo(
                    "{\"error\":\"unknown path; try /health, /health/live, /health/ready, /metrics\"}");
            assertThat(HttpProbe.get(server.port(), "/nope", null).body()).isEqualTo(
                    "{\"error\":\"unknown path; try /health, /metrics\"}");
        }
    }

    @Test
    void halfSentRequestsNeitherStopHealthAndMetricsNorStayOpen() throws Exception {
        try (TrainerHttpServer server = new TrainerHttpServer(HttpSettings.open("127.0.0.1", 0),
                () -> "# trainer\n", trainer)) {
            HttpProbe.assertHealthAndMetricsSurviveHalfSentRequests(server.port(), TrainerHttpServer.THREADS + 4, 503);
        }
    }
}
