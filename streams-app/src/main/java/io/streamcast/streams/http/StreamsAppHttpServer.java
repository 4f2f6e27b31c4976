package io.streamcast.streams.http;

import static io.streamcast.streams.http.JsonAnswers.respond;

import com.sun.net.httpserver.HttpExchange;
import io.streamcast.http.ApiServer;
import io.streamcast.http.BearerAuth;
import io.streamcast.http.Exchanges;
import io.streamcast.http.HttpLimits;
import io.streamcast.http.HttpSettings;
import io.streamcast.streams.health.HealthReport;
import io.streamcast.streams.health.StreamsHealth;
import io.streamcast.streams.query.SeriesQueries;
import io.streamcast.streams.query.SeriesQueries.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * streams-app's HTTP API ({@link ApiServer}):
 * <ul>
 *   <li>{@code GET /forecast/{series}}: the key's latest forecast (forecasts-topic JSON), from whichever instance
 *       owns the key;</li>
 *   <li>{@code GET /series/{series}/accuracy}: the key's rolling accuracy (forecast-accuracy JSON);</li>
 *   <li>{@code GET /series/{series}/history}: the key's recent actuals, its state window;</li>
 *   <li>{@code GET /series}: the series ids of every instance ({@code ?local=true}: this instance's only);</li>
 *   <li>{@code GET /groups}: the deployment's forecast groups (name, inputs, shape, model serving); each group's
 *       series under {@code /groups/{group}/series[/{series}/accuracy|history]} and its forecasts under
 *       {@code /forecast/{group}/{series}}. The paths without a group are the default group's (the only one
 *       without a deployment file), or the first group's when a deployment file has no group named default;</li>
 *   <li>{@code GET /}: the live forecast page, its files under {@code /static/} and {@code /webjars/}
 *       ({@link StaticFiles});</li>
 *   <li>{@code GET /health} (= {@code /health/ready}): 200 while the instance is ready — every stream thread
 *       running, none failed recently, model updates consumed — else 503, with the reasons
 *       ({@link StreamsHealth}, {@link HealthReport}); {@code GET /health/live}: 200 unless Kafka Streams is dead (restart it). The
 *       probes, {@code /health/live} and {@code /health/ready}, answer with the status only;</li>
 *   <li>{@code GET /metrics}: Prometheus text.</li>
 * </ul>
 * Unknown series and paths answer 404, malformed paths 400, other methods 405, all with a JSON {@code error}.
 * The query paths are {@link QueryRoutes}', the health paths {@link HealthRoute}'s.
 *
 * <p>The server binds first and serves later ({@link #serve}): the port must be known before Kafka Streams is
 * configured with it as {@code application.server}. Until then every API path but {@code /metrics} answers 503
 * (the page's files are served from the start).
 *
 * <p>With a token ({@link HttpSettings#token}) every path but the probes' and the page's
 * files ({@code /}, {@code /index.html}, {@code /static/...}, {@code /webjars/...}: no data in them) needs
 * {@code Authorization: Bearer <token>}, else 401 ({@link BearerAuth}). Requests are
 * time- and size-limited ({@link HttpLimits}) and handled by up to {@value #THREADS} threads once their headers
 * are in, so slow or half-sent requests hold no thread and leave the probes and {@code /metrics} answering.
 */
public final class StreamsAppHttpServer implements AutoCloseable {
    /** Requests handled at once. Most wait on I/O (forwarding waits up to 5 s), few compute. */
    static final int THREADS = 32;

    private final ApiServer server;
    private final Supplier<String> scrape;
    private final QueryRoutes queries = new QueryRoutes();
    private final HealthRoute health = new HealthRoute();
    private final StaticFiles files = new StaticFiles(StreamsAppHttpServer.class.getClassLoader());

    /**
     * Binds {@code settings}' host and port (port 0 = any free port) and starts answering.
     *
     * @param scrape the Prometheus text for {@code /metrics}, or null when there is none (404)
     */
    public StreamsAppHttpServer(HttpSettings settings, Supplier<String> scrape) throws IOException {
        this.scrape = scrape;
        this.server = new ApiServer(settings, "streams-app-http", THREADS, StreamsAppHttpServer::isPublic);
        server.route("/metrics", this::metrics);
        server.route("/health", health::handle);
        server.route("/forecast/", queries::forecast);
        server.route("/series", queries::series);
        server.route("/groups", queries::groups);
        server.route("/static/", this::file);
        server.route("/webjars/", this::file);
        server.route("/", this::file);
        server.start();
    }

    /** Paths that need no token: the probes (a status only) and the page's files (they hold no data). */
    static boolean isPublic(String path) {
        return BearerAuth.probePath(path) || path.equals("/") || path.equals("/index.html")
                || path.startsWith("/static/") || path.startsWith("/webjars/");
    }

    public int port() {
        return server.port();
    }

    /** {@code https} or {@code http}. */
    public String scheme() {
        return server.scheme();
    }

    /** The bound address, {@code HOST:PORT}. */
    public String boundAddress() {
        return server.boundAddress();
    }

    /** Starts answering series queries and health from a started streams-app of one group. */
    public void serve(SeriesQueries seriesQueries, Supplier<HealthReport> healthCheck) {
        serve(List.of(seriesQueries), healthCheck);
    }

    /**
     * Starts answering each group's series queries and health; the paths without a group answer for the default
     * group, or the first one when the deployment has none. (An instance forwards a default-group query on the
     * paths without a group, {@link SeriesQueries}: they must reach that group whatever its place in the file.)
     */
    public void serve(List<SeriesQueries> byGroup, Supplier<HealthReport> healthCheck) {
        health.serve(healthCheck);
        queries.serve(byGroup);
    }

    private void metrics(HttpExchange ex) throws IOException {
        if (!Exchanges.allowGet(ex)) {
            return;
        }
        if (scrape == null) {
            respond(ex, Answer.of(404, "error", "no metrics registry"));
            return;
        }
        byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        Exchanges.send(ex, 200, null, body);
    }

    /** The page and its files; any other path is an unknown one. */
    private void file(HttpExchange ex) throws IOException {
        if (!Exchanges.allowGet(ex)) {
            return;
        }
        Optional<StaticFiles.Content> file = files.find(ex.getRequestURI().getPath());
        if (file.isEmpty()) {
            respond(ex, Answer.of(404, "error", "unknown path; try / (the live page), /series, /forecast/{series}, "
                    + "/series/{series}/accuracy, /series/{series}/history, /groups, /forecast/{group}/{series}, "
                    + "/groups/{group}/series, /health, /metrics"));
            return;
        }
        ex.getResponseHeaders().set("Content-Type", file.get().contentType());
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        Exchanges.send(ex, 200, null, file.get().body());
    }

    @Override
    public void close() {
        server.close();
    }
}
