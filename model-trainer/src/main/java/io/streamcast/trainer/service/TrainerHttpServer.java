package io.streamcast.trainer.service;

import com.sun.net.httpserver.HttpExchange;
import io.streamcast.http.ApiServer;
import io.streamcast.http.BearerAuth;
import io.streamcast.http.Exchanges;
import io.streamcast.http.HttpSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * model-trainer's HTTP endpoints ({@link ApiServer}): {@code GET /metrics} (Prometheus text) and {@code GET /health}
 * (200 while every group's history consumer and election run, else 503), whose body is a {@link TrainerHealth}.
 * {@code GET /health/live} and {@code /health/ready}, for probes, answer the same code with the status only.
 *
 * <p>With a token ({@link HttpSettings#token}) every path but the probes' needs
 * {@code Authorization: Bearer <token>}, else 401. Requests are time- and size-limited
 * ({@link io.streamcast.http.HttpLimits}) and handled by up to {@value #THREADS} threads.
 */
public final class TrainerHttpServer implements AutoCloseable {
    /** Requests handled at once: enough that a few slow clients leave /health and /metrics answering. */
    static final int THREADS = 8;

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
                        TrainerJson.bytes(TrainerHealth.Status.of(up)));
            } else if (path.equals("/health")) {
                send(ex, up ? 200 : 503, "application/json", TrainerJson.bytes(TrainerHealth.of(trainers)));
            } else {
                send(ex, 404, "application/json", TrainerJson.bytes(new TrainerHealth.UnknownPath(
                        "unknown path; try /health, /health/live, /health/ready, /metrics")));
            }
        });
        server.route("/", ex -> send(ex, 404, "application/json",
                TrainerJson.bytes(new TrainerHealth.UnknownPath("unknown path; try /health, /metrics"))));
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
