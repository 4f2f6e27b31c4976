package io.streamcast.streams.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamcast.streams.query.SeriesQueries;
import io.streamcast.streams.query.SeriesQueries.Answer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * streams-app's HTTP API on the JDK's HttpServer:
 * <ul>
 *   <li>{@code GET /forecast/{series}}: the key's latest forecast (forecasts-topic JSON), from whichever instance
 *       owns the key;</li>
 *   <li>{@code GET /series/{series}/accuracy}: the key's rolling accuracy (forecast-accuracy JSON);</li>
 *   <li>{@code GET /health}: 200 while Kafka Streams is RUNNING or REBALANCING, else 503;</li>
 *   <li>{@code GET /metrics}: Prometheus text.</li>
 * </ul>
 * Unknown series answer 404, malformed paths 400, other methods 405, all with a JSON {@code error}.
 *
 * <p>The server binds first and serves later ({@link #serve}): the port must be known before Kafka Streams is
 * configured with it as {@code application.server}. Until then every path but {@code /metrics} answers 503.
 */
public final class StreamsAppHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<String> scrape;
    private volatile SeriesQueries queries;
    private volatile Supplier<KafkaStreams.State> state;

    /**
     * Binds {@code host:port} (port 0 = any free port) and starts answering.
     *
     * @param scrape the Prometheus text for {@code /metrics}, or null when there is none (404)
     */
    public StreamsAppHttpServer(String host, int port, Supplier<String> scrape) throws IOException {
        this.scrape = scrape;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "streams-app-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", this::metrics);
        server.createContext("/health", this::health);
        server.createContext("/forecast/", this::forecast);
        server.createContext("/series/", this::accuracy);
        server.createContext("/", ex -> respond(ex, Answer.of(404, "error",
                "unknown path; try /forecast/{series}, /series/{series}/accuracy, /health, /metrics")));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Starts answering series queries and health from a started streams-app. */
    public void serve(SeriesQueries seriesQueries, Supplier<KafkaStreams.State> streamsState) {
        this.state = streamsState;
        this.queries = seriesQueries;
    }

    private void metrics(HttpExchange ex) throws IOException {
        if (!allowGet(ex)) {
            return;
        }
        if (scrape == null) {
            respond(ex, Answer.of(404, "error", "no metrics registry"));
            return;
        }
        byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        send(ex, 200, body);
    }

    private void health(HttpExchange ex) throws IOException {
        if (!allowGet(ex)) {
            return;
        }
        Supplier<KafkaStreams.State> s = state;
        String current = s == null ? "NOT_STARTED" : s.get().name();
        boolean up = "RUNNING".equals(current) || "REBALANCING".equals(current);
        respond(ex, Answer.of(up ? 200 : 503, "status", up ? "UP" : "DOWN", "streams", current));
    }

    private void forecast(HttpExchange ex) throws IOException {
        if (!allowGet(ex)) {
            return;
        }
        String series = ex.getRequestURI().getPath().substring("/forecast/".length());
        if (validSeries(ex, series)) {
            respond(ex, queries != null ? queries.forecast(series, forwarded(ex)) : starting());
        }
    }

    private void accuracy(HttpExchange ex) throws IOException {
        if (!allowGet(ex)) {
            return;
        }
        String rest = ex.getRequestURI().getPath().substring("/series/".length());
        if (!rest.endsWith("/accuracy")) {
            respond(ex, Answer.of(404, "error", "unknown path; try /series/{series}/accuracy"));
            return;
        }
        String series = rest.substring(0, rest.length() - "/accuracy".length());
        if (validSeries(ex, series)) {
            respond(ex, queries != null ? queries.accuracy(series, forwarded(ex)) : starting());
        }
    }

    private static Answer starting() {
        return Answer.of(503, "error", "streams-app is starting");
    }

    private static boolean forwarded(HttpExchange ex) {
        return ex.getRequestHeaders().containsKey(SeriesQueries.FORWARDED_HEADER);
    }

    private static boolean validSeries(HttpExchange ex, String series) throws IOException {
        if (series.isBlank() || series.contains("/")) {
            respond(ex, Answer.of(400, "error", "expected one series id in the path"));
            return false;
        }
        return true;
    }

    private static boolean allowGet(HttpExchange ex) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().set("Allow", "GET");
            respond(ex, Answer.of(405, "error", "only GET"));
            return false;
        }
        return true;
    }

    private static void respond(HttpExchange ex, Answer answer) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        send(ex, answer.status(), answer.body());
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
