package io.streamcast.trainer.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.streamcast.http.ApiServer;
import io.streamcast.http.BearerAuth;
import io.streamcast.http.Exchanges;
import io.streamcast.http.HttpSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * model-trainer's HTTP endpoints (JDK HttpServer): {@code GET /metrics} (Prometheus text) and {@code GET /health}
 * (200 while the history consumer runs, with the history size and whether a round is training; else 503).
 *
 * <p>With a token ({@link HttpSettings#token}) every path but {@code /health} and {@code /health/...} needs
 * {@code Authorization: Bearer <token>}, else 401. Requests are time- and size-limited
 * ({@link io.streamcast.http.HttpLimits}) and handled by up to {@value #THREADS} threads.
 */
public final class TrainerHttpServer implements AutoCloseable {
    /** Requests handled at once: enough that a few slow clients leave /health and /metrics answering. */
    static final int THREADS = 8;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApiServer server;

    public TrainerHttpServer(HttpSettings settings, Supplier<String> scrape, TrainerService trainer)
            throws IOException {
        server = new ApiServer(settings, "trainer-http", THREADS, BearerAuth::healthPath);
        server.route("/metrics", ex -> {
            if (get(ex)) {
                send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", scrape.get().getBytes(StandardCharsets.UTF_8));
            }
        });
        server.route("/health", ex -> {
            if (get(ex)) {
                boolean up = trainer.healthy();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", up ? "UP" : "DOWN");
                body.put("role", trainer.leader() ? "leader" : "standby");
                body.put("training", trainer.training());
                body.put("history_points", trainer.history().points());
                body.put("history_series", trainer.history().seriesCount());
                body.put("history_series_cap", trainer.history().maxSeries());
                body.put("history_series_left_out", trainer.history().seriesLeftOutEstimate());
                body.put("champion", trainer.champion() == null ? null : trainer.champion().version());
                send(ex, up ? 200 : 503, "application/json", JSON.writeValueAsBytes(body));
            }
        });
        server.route("/", ex -> send(ex, 404, "application/json",
                JSON.writeValueAsBytes(Map.of("error", "unknown path; try /health, /metrics"))));
        server.start();
    }

    public int port() {
        return server.port();
    }

    /** The bound address, {@code HOST:PORT}. */
    public String boundAddress() {
        return server.boundAddress();
    }

    private static boolean get(HttpExchange ex) throws IOException {
        return Exchanges.allowGet(ex);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        Exchanges.send(ex, status, type, body);
    }

    @Override
    public void close() {
        server.close();
    }
}
