package io.streamcast.cli.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The demo's HTTP endpoints (JDK HttpServer): {@code GET /metrics} (Prometheus text), {@code GET /health},
 * {@code GET /forecast/{series}} (latest forecast JSON) and {@code GET /series/{series}/accuracy} (latest
 * accuracy report). Unknown series answer 404 with a JSON error, other paths and methods 400/404/405.
 */
public final class StatusServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> forecasts = new ConcurrentHashMap<>();
    private final Map<String, byte[]> accuracy = new ConcurrentHashMap<>();

    public StatusServer(int port, PrometheusMeterRegistry registry, Supplier<String> health) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/metrics", ex -> {
            if (allowGet(ex)) {
                respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                        registry.scrape().getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/health", ex -> {
            if (allowGet(ex)) {
                String state = health.get();
                boolean up = "RUNNING".equals(state) || "REBALANCING".equals(state);
                respond(ex, up ? 200 : 503, "application/json", json("{\"status\":\"" + (up ? "UP" : "DOWN")
                        + "\",\"streams\":\"" + state + "\"}"));
            }
        });
        server.createContext("/forecast/", ex -> {
            if (allowGet(ex)) {
                String series = ex.getRequestURI().getPath().substring("/forecast/".length());
                lookup(ex, series, forecasts);
            }
        });
        server.createContext("/series/", ex -> {
            if (!allowGet(ex)) {
                return;
            }
            String rest = ex.getRequestURI().getPath().substring("/series/".length());
            if (!rest.endsWith("/accuracy")) {
                respond(ex, 404, "application/json", json("{\"error\":\"unknown path\"}"));
                return;
            }
            lookup(ex, rest.substring(0, rest.length() - "/accuracy".length()), accuracy);
        });
        server.createContext("/", ex -> respond(ex, 404, "application/json",
                json("{\"error\":\"unknown path; try /metrics, /health, /forecast/{series}\"}")));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void forecast(String series, byte[] json) {
        forecasts.put(series, json);
    }

    public void accuracy(String series, byte[] json) {
        accuracy.put(series, json);
    }

    private static void lookup(HttpExchange ex, String series, Map<String, byte[]> from) throws IOException {
        if (series.isBlank() || series.contains("/")) {
            respond(ex, 400, "application/json", json("{\"error\":\"expected one series id in the path\"}"));
            return;
        }
        byte[] body = from.get(series);
        if (body == null) {
            respond(ex, 404, "application/json", json("{\"error\":\"unknown series\",\"series\":\""
                    + series.replace("\"", "") + "\"}"));
        } else {
            respond(ex, 200, "application/json", body);
        }
    }

    private static boolean allowGet(HttpExchange ex) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            respond(ex, 405, "application/json", json("{\"error\":\"only GET\"}"));
            return false;
        }
        return true;
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
