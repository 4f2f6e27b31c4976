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
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * model-trainer's HTTP endpoints ({@link ApiServer}): {@code GET /metrics} (Prometheus text) and {@code GET /health}
 * (200 while every group's history consumer and election run, else 503). The health body has each group's
 * role, history, training flag and champion under {@code groups}; its top level keeps the fields it had before
 * groups: the one group's values, or with several the sums, "leader" if it leads any group, and no champion.
 * {@code GET /health/live} and {@code /health/ready}, for probes, answer the same code with the status only.
 *
 * <p>With a token ({@link HttpSettings#token}) every path but the probes' needs
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
        this(settings, scrape, List.of(trainer));
    }

    /** @param groups the trainer's groups ({@link TrainerGroups#services()}) */
    public TrainerHttpServer(HttpSettings settings, Supplier<String> scrape, List<TrainerService> groups)
            throws IOException {
        List<TrainerService> trainers = List.copyOf(groups);
        server = new ApiServer(settings, "trainer-http", THREADS, BearerAuth::probePath);
        server.route("/metrics", ex -> {
            if (get(ex)) {
                send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", scrape.get().getBytes(StandardCharsets.UTF_8));
            }
        });
        server.route("/health", ex -> {
            if (!get(ex)) {
                return;
            }
            String path = ex.getRequestURI().getPath();
            boolean up = trainers.stream().allMatch(TrainerService::healthy);
            if (BearerAuth.probePath(path)) { // without a token: the status only
                send(ex, up ? 200 : 503, "application/json",
                        JSON.writeValueAsBytes(Map.of("status", up ? "UP" : "DOWN")));
            } else if (path.equals("/health")) {
                send(ex, up ? 200 : 503, "application/json", JSON.writeValueAsBytes(health(trainers)));
            } else {
                send(ex, 404, "application/json", JSON.writeValueAsBytes(Map.of("error",
                        "unknown path; try /health, /health/live, /health/ready, /metrics")));
            }
        });
        server.route("/", ex -> send(ex, 404, "application/json",
                JSON.writeValueAsBytes(Map.of("error", "unknown path; try /health, /metrics"))));
        server.start();
    }

    static Map<String, Object> health(List<TrainerService> trainers) {
        Map<String, Object> groups = new LinkedHashMap<>();
        trainers.forEach(t -> groups.put(t.config().servedGroup(), groupHealth(t)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", trainers.stream().allMatch(TrainerService::healthy) ? "UP" : "DOWN");
        body.put("trainer", trainers.get(0).trainerId());
        body.put("role", trainers.stream().anyMatch(TrainerService::leader) ? "leader" : "standby");
        body.put("training", trainers.stream().anyMatch(TrainerService::training));
        body.put("history_points", trainers.stream().mapToLong(t -> t.history().points()).sum());
        body.put("history_series", trainers.stream().mapToLong(t -> t.history().seriesCount()).sum());
        body.put("history_series_cap", trainers.stream().mapToLong(t -> t.history().maxSeries()).sum());
        body.put("history_series_left_out", trainers.stream()
                .mapToLong(t -> t.history().seriesLeftOutEstimate()).sum());
        body.put("champion", trainers.size() == 1 ? groupHealth(trainers.get(0)).get("champion") : null);
        body.put("groups", groups);
        return body;
    }

    private static Map<String, Object> groupHealth(TrainerService t) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("status", t.healthy() ? "UP" : "DOWN");
        g.put("model_name", t.config().modelName());
        g.put("role", t.leader() ? "leader" : "standby");
        g.put("training", t.training());
        g.put("history_points", t.history().points());
        g.put("history_series", t.history().seriesCount());
        g.put("history_series_cap", t.history().maxSeries());
        g.put("history_series_left_out", t.history().seriesLeftOutEstimate());
        g.put("champion", t.champion() == null ? null : t.champion().version());
        return g;
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
