package io.streamcast.streams.http;

import static io.streamcast.streams.http.JsonAnswers.respond;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.sun.net.httpserver.HttpExchange;
import io.streamcast.http.BearerAuth;
import io.streamcast.http.Exchanges;
import io.streamcast.streams.health.HealthReport;
import io.streamcast.streams.health.StreamsHealth;
import io.streamcast.streams.query.SeriesQueries.Answer;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * {@code GET /health} (= {@code /health/ready}, the {@link StreamsHealth} report) and the probes
 * {@code /health/live} and {@code /health/ready}, which answer with the status only: they need no token, and the
 * full report names threads, exceptions and models.
 */
final class HealthRoute {
    /** A probe's body: {@code {"status":…,"live":…,"ready":…}} and nothing else. */
    @JsonPropertyOrder({"status", "live", "ready"})
    record ProbeBody(@JsonProperty("status") String status, @JsonProperty("live") boolean live,
                     @JsonProperty("ready") boolean ready) {}

    private volatile Supplier<HealthReport> health;

    /** Starts answering with {@code healthCheck}'s reports; until then alive and not ready. */
    void serve(Supplier<HealthReport> healthCheck) {
        this.health = healthCheck;
    }

    void handle(HttpExchange ex) throws IOException {
        if (!Exchanges.allowGet(ex)) {
            return;
        }
        String path = ex.getRequestURI().getPath();
        boolean liveness = path.equals("/health/live");
        if (!liveness && !path.equals("/health") && !path.equals("/health/ready")) {
            respond(ex, Answer.of(404, "error", "unknown path; try /health, /health/live, /health/ready"));
            return;
        }
        boolean probe = BearerAuth.probePath(path);
        Supplier<HealthReport> check = health;
        if (check == null) { // bound, not serving yet: alive, not ready
            respond(ex, probe ? Answer.json(liveness ? 200 : 503, new ProbeBody("STARTING", true, false))
                    : Answer.of(503, "status", "STARTING", "streams", "NOT_STARTED"));
            return;
        }
        HealthReport report = check.get();
        int status = (liveness ? report.live() : report.ready()) ? 200 : 503;
        // the probes answer without a token, so with the status only; /health's reasons name threads, exceptions
        // and models, and it needs the token (BearerAuth.probePath)
        respond(ex, probe ? Answer.json(status, new ProbeBody(report.status(), report.live(), report.ready()))
                : Answer.json(status, report));
    }
}
