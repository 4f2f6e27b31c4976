package io.streamcast.streams.http;

import com.sun.net.httpserver.HttpExchange;
import io.streamcast.http.ApiServer;
import io.streamcast.http.BearerAuth;
import io.streamcast.http.Exchanges;
import io.streamcast.http.HttpLimits;
import io.streamcast.http.HttpSettings;
import io.streamcast.streams.config.TopologyConfig;
import io.streamcast.streams.query.GroupJson;
import io.streamcast.streams.query.SeriesQueries;
import io.streamcast.streams.query.SeriesQueries.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.streams.health.StreamsHealth;

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
 *       ({@link StreamsHealth}); {@code GET /health/live}: 200 unless Kafka Streams is dead (restart it). The
 *       probes, {@code /health/live} and {@code /health/ready}, answer with the status only;</li>
 *   <li>{@code GET /metrics}: Prometheus text.</li>
 * </ul>
 * Unknown series and paths answer 404, malformed paths 400, other methods 405, all with a JSON {@code error}.
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
    private volatile SeriesQueries queries;
    private volatile Map<String, SeriesQueries> groups = Map.of();
    private volatile Supplier<StreamsHealth.Report> health;
    private static final ObjectMapper JSON = new ObjectMapper();
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
        server.route("/health", this::health);
        server.route("/forecast/", this::forecast);
        server.route("/series", this::series);
        server.route("/groups", this::groups);
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
    public void serve(SeriesQueries seriesQueries, Supplier<StreamsHealth.Report> healthCheck) {
        serve(List.of(seriesQueries), healthCheck);
    }

    /**
     * Starts answering each group's series queries and health; the paths without a group answer for the default
     * group, or the first one when the deployment has none. (An instance forwards a default-group query on the
     * paths without a group, {@link SeriesQueries}: they must reach that group whatever its place in the file.)
     */
    public void serve(List<SeriesQueries> byGroup, Supplier<StreamsHealth.Report> healthCheck) {
        Map<String, SeriesQueries> named = new LinkedHashMap<>();
        byGroup.forEach(q -> named.put(q.group().group(), q));
        this.health = healthCheck;
        this.groups = named;
        this.queries = named.getOrDefault(TopologyConfig.DEFAULT_GROUP, byGroup.get(0));
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
        String path = ex.getRequestURI().getPath();
        boolean liveness = path.equals("/health/live");
        if (!liveness && !path.equals("/health") && !path.equals("/health/ready")) {
            respond(ex, Answer.of(404, "error", "unknown path; try /health, /health/live, /health/ready"));
            return;
        }
        boolean probe = BearerAuth.probePath(path);
        Supplier<StreamsHealth.Report> check = health;
        if (check == null) { // bound, not serving yet: alive, not ready
            respond(ex, probe ? probeAnswer(liveness ? 200 : 503, "STARTING", true, false)
                    : Answer.of(503, "status", "STARTING", "streams", "NOT_STARTED"));
            return;
        }
        StreamsHealth.Report report = check.get();
        boolean ok = liveness ? report.live() : report.ready();
        // the probes answer without a token, so with the status only; /health's reasons name threads, exceptions
        // and models, and it needs the token (BearerAuth.probePath)
        respond(ex, probe ? probeAnswer(ok ? 200 : 503, report.status(), report.live(), report.ready())
                : new Answer(ok ? 200 : 503, JSON.writeValueAsBytes(report.body())));
    }

    /** A probe's body: {@code {"status":…,"live":…,"ready":…}} and nothing else. */
    private static Answer probeAnswer(int code, String status, boolean live, boolean ready) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("live", live);
        body.put("ready", ready);
        return new Answer(code, JSON.writeValueAsBytes(body));
    }

    private void forecast(HttpExchange ex) throws IOException {
        if (!allowGet(ex)) {
            return;
        }
        String rest = ex.getRequestURI().getPath().substring("/forecast/".length());
        int slash = rest.indexOf('/');
        SeriesQueries of = slash < 0 ? queries : group(ex, rest.substring(0, slash));
        String series = slash < 0 ? rest : rest.substring(slash + 1);
        if ((slash < 0 || of != null) && validSeries(ex, series)) {
            respond(ex, of != null ? of.forecast(series, forwarded(ex), localOnly(ex)) : starting());
        }
    }

    /** {@code /groups}: the groups; {@code /groups/{group}/series...}: as {@code /series...} for that group. */
    private void groups(HttpExchange ex) throws IOException {
        if (!allowGet(ex)) {
            return;
        }
        String path = ex.getRequestURI().getPath();
        if (path.equals("/groups")) {
            if (queries == null) {
                respond(ex, starting());
                return;
            }
            List<Map<String, Object>> list = new ArrayList<>();
            groups.values().forEach(q -> list.add(GroupJson.describe(q.group(), q.modelVersion())));
            respond(ex, new Answer(200, JSON.writeValueAsBytes(Map.of("groups", list))));
            return;
        }
        String rest = path.startsWith("/groups/") ? path.substring("/groups/".length()) : "";
        int slash = rest.indexOf('/');
        if (slash < 0 || !rest.substring(slash).startsWith("/series")) {
            respond(ex, Answer.of(404, "error", "unknown path; try /groups, /groups/{group}/series, "
                    + "/groups/{group}/series/{series}/accuracy, /groups/{group}/series/{series}/history"));
            return;
        }
        SeriesQueries of = group(ex, rest.substring(0, slash));
        if (of != null) {
            series(ex, rest.substring(slash), of);
        }
    }

    /** The group's queries; null after answering 404 (unknown group) or 503 (not serving yet). */
    private SeriesQueries group(HttpExchange ex, String name) throws IOException {
        if (queries == null) {
            respond(ex, starting());
            return null;
        }
        SeriesQueries of = groups.get(name);
        if (of == null) {
            respond(ex, Answer.of(404, "error", "unknown group", "group", name));
        }
        return of;
    }

    private void series(HttpExchange ex) throws IOException {
        if (!allowGet(ex)) {
            return;
        }
        series(ex, ex.getRequestURI().getPath(), queries);
    }

    /** {@code path}: {@code /series...}, answered by {@code queries} (null: not serving yet). */
    private void series(HttpExchange ex, String path, SeriesQueries queries) throws IOException {
        if (path.equals("/series")) {
            boolean localOnly = forwarded(ex) || hasQueryFlag(ex, "local=true");
            respond(ex, queries != null ? queries.seriesIds(localOnly) : starting());
            return;
        }
        String rest = path.startsWith("/series/") ? path.substring("/series/".length()) : null;
        boolean accuracy = rest != null && rest.endsWith("/accuracy");
        boolean history = rest != null && rest.endsWith("/history");
        if (!accuracy && !history) {
            respond(ex, Answer.of(404, "error",
                    "unknown path; try /series, /series/{series}/accuracy, /series/{series}/history"));
            return;
        }
        String series = rest.substring(0, rest.lastIndexOf('/'));
        if (validSeries(ex, series)) {
            if (queries == null) {
                respond(ex, starting());
            } else {
                respond(ex, accuracy ? queries.accuracy(series, forwarded(ex), localOnly(ex))
                        : queries.history(series, forwarded(ex), localOnly(ex)));
            }
        }
    }

    /** The page and its files; any other path is an unknown one. */
    private void file(HttpExchange ex) throws IOException {
        if (!allowGet(ex)) {
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
        send(ex, 200, file.get().body());
    }

    private static boolean hasQueryFlag(HttpExchange ex, String flag) {
        String query = ex.getRequestURI().getRawQuery();
        return query != null && Arrays.asList(query.split("&")).contains(flag);
    }

    private static Answer starting() {
        return Answer.of(503, "error", "streams-app is starting");
    }

    /** Another instance asking for this instance's own store only (a key the computed owner does not have). */
    private static boolean localOnly(HttpExchange ex) {
        return forwarded(ex) && hasQueryFlag(ex, "local=true");
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
        return Exchanges.allowGet(ex);
    }

    private static void respond(HttpExchange ex, Answer answer) throws IOException {
        Exchanges.send(ex, answer.status(), "application/json", answer.body());
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        Exchanges.send(ex, status, null, body);
    }

    @Override
    public void close() {
        server.close();
    }
}
