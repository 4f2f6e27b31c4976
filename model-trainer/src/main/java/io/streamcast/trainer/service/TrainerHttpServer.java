package io.streamcast.trainer.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamcast.core.http.Exchanges;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * model-trainer's HTTP endpoints (JDK HttpServer): {@code GET /metrics} (Prometheus text) and {@code GET /health}
 * (200 while the history consumer runs, with the history size and whether a round is training; else 503).
 */
public final class TrainerHttpServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;

    public TrainerHttpServer(String host, int port, Supplier<String> scrape, TrainerService trainer)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "trainer-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", ex -> {
            if (get(ex)) {
                send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", scrape.get().getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/health", ex -> {
            if (get(ex)) {
                boolean up = trainer.healthy();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", up ? "UP" : "DOWN");
                body.put("training", trainer.training());
                body.put("history_points", trainer.history().points());
                body.put("history_series", trainer.history().seriesCount());
                body.put("history_series_cap", trainer.history().maxSeries());
                body.put("history_series_left_out", trainer.history().seriesLeftOutEstimate());
                body.put("champion", trainer.champion() == null ? null : trainer.champion().version());
                send(ex, up ? 200 : 503, "application/json", JSON.writeValueAsBytes(body));
            }
        });
        server.createContext("/", ex -> send(ex, 404, "application/json",
                JSON.writeValueAsBytes(Map.of("error", "unknown path; try /health, /metrics"))));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static boolean get(HttpExchange ex) throws IOException {
        return Exchanges.allowGet(ex);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        Exchanges.send(ex, status, type, body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
