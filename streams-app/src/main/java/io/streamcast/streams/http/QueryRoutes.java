package io.streamcast.streams.http;

import static io.streamcast.streams.http.JsonAnswers.respond;
import static io.streamcast.streams.http.JsonAnswers.starting;

import com.sun.net.httpserver.HttpExchange;
import io.streamcast.http.Exchanges;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.query.GroupJson;
import io.streamcast.streams.query.SeriesQueries;
import io.streamcast.streams.query.SeriesQueries.Answer;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-group query paths: {@code /forecast/[{group}/]{series}}, {@code /series[/{series}/accuracy|history]},
 * {@code /groups} and {@code /groups/{group}/series...}, answered by each group's {@link SeriesQueries}. The paths
 * without a group are the default group's, or the first group's when the deployment has none named default.
 * Until {@link #serve} every path answers 503.
 */
final class QueryRoutes {
    private volatile SeriesQueries queries;
    private volatile Map<String, SeriesQueries> groups = Map.of();

    /**
     * Starts answering each group's queries. (An instance forwards a default-group query on the paths without a
     * group, {@link SeriesQueries}: they must reach that group whatever its place in the file.)
     */
    void serve(List<SeriesQueries> byGroup) {
        Map<String, SeriesQueries> named = new LinkedHashMap<>();
        byGroup.forEach(q -> named.put(q.group().group(), q));
        this.groups = named;
        this.queries = named.getOrDefault(ForecastGroupConfig.DEFAULT_GROUP, byGroup.get(0));
    }

    void forecast(HttpExchange ex) throws IOException {
        if (!Exchanges.allowGet(ex)) {
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
    void groups(HttpExchange ex) throws IOException {
        if (!Exchanges.allowGet(ex)) {
            return;
        }
        String path = ex.getRequestURI().getPath();
        if (path.equals("/groups")) {
            if (queries == null) {
                respond(ex, starting());
                return;
            }
            List<GroupJson> list = groups.values().stream().map(q -> GroupJson.describe(q.group(), q.modelVersion()))
                    .toList();
            respond(ex, Answer.json(200, new GroupJson.Listing(list)));
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

    void series(HttpExchange ex) throws IOException {
        if (!Exchanges.allowGet(ex)) {
            return;
        }
        series(ex, ex.getRequestURI().getPath(), queries);
    }

    /** {@code path}: {@code /series...}, answered by {@code queries} (null: not serving yet). */
    private static void series(HttpExchange ex, String path, SeriesQueries queries) throws IOException {
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

    private static boolean hasQueryFlag(HttpExchange ex, String flag) {
        String query = ex.getRequestURI().getRawQuery();
        return query != null && Arrays.asList(query.split("&")).contains(flag);
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
}
