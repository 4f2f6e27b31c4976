package io.streamcast.streams.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.core.codec.AccuracyReportCodec;
import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.model.ServingModel;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.config.GroupNodes;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.model.ModelCopy;
import io.streamcast.streams.model.ModelRegistry;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One forecast group's per-series answers for the REST API, from the group's {@code series-state} store by
 * interactive queries, and the list of its series gathered from every instance.
 *
 * <p>A key lives in one instance's store. When another instance owns it (Kafka Streams' metadata, fed by every
 * instance's {@code application.server}), the query is forwarded there once; a forwarded query that lands on an
 * instance which is not the owner either (a rebalance in flight) answers 503 rather than forwarding again.
 * {@link Forwarder} makes those requests (with the shared token, a timeout and a cap on the answer's size).
 *
 * <p>The latest forecast is not stored: it is recomputed from the key's state ({@link SeriesForecaster#latest}),
 * which costs one output layer and keeps the state at its size. Reads go through the store's record cache, so
 * under exactly-once they may be a commit interval ahead of what {@code read_committed} consumers of the
 * forecasts topic have seen.
 *
 * <p>Threading: HTTP threads call in concurrently; the model copy and the forecaster used to recompute are this
 * object's own and used under its lock (a kernel is never shared with a stream thread).
 */
public final class SeriesQueries {
    /** Marks a request one instance forwarded to another. */
    public static final String FORWARDED_HEADER = Forwarder.FORWARDED_HEADER;

    /** An HTTP status and a JSON body. */
    public record Answer(int status, byte[] body) {
        /** A JSON object of string fields, e.g. {@code {"error": "..."}}. */
        public static Answer of(int status, String... keysAndValues) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
                fields.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            return json(status, fields);
        }

        /** {@code document} (a record of the API's documents, or a map of strings) written by Jackson. */
        public static Answer json(int status, Object document) {
            try {
                return new Answer(status, JSON.writeValueAsBytes(document));
            } catch (JsonProcessingException e) {
                // records of strings, numbers, booleans, lists and maps of them always serialize
                throw new IllegalStateException(e);
            }
        }
    }

    /** At most this many ids in a {@code GET /series} answer. */
    public static final int SERIES_LIMIT = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final SeriesForecaster forecaster;
    private final long defaultStepMillis;
    private final ForecastGroupConfig group;
    private final String store;
    /** Where another instance answers for this group: the unprefixed paths for the default group. */
    private final String forecastPath;
    private final String seriesPath;
    /** REST answers in the forecasts topic's format (docs/rest.md). */
    private final ForecastCodec forecasts = new ForecastCodec();
    private final AccuracyReportCodec reports = new AccuracyReportCodec();
    private final Forwarder forwarder;
    private final ModelCopy model; // used under this object's lock
    private final SeriesIdsQuery ids;

    /** The first group's queries (the only group without a deployment file). */
    public SeriesQueries(KafkaStreams streams, StreamsAppConfig config, ModelRegistry models, Forwarder forwarder) {
        this(streams, config, config.topology(), models, forwarder);
    }

    /**
     * @param group     the group answered for, {@code models} its registry
     * @param forwarder asks the other instances (those of one application share its token)
     */
    public SeriesQueries(KafkaStreams streams, StreamsAppConfig config, ForecastGroupConfig group, ModelRegistry models,
                         Forwarder forwarder) {
        this.streams = streams;
        this.group = group;
        this.store = GroupNodes.of(group.group()).store();
        boolean unprefixed = group.isDefaultGroup();
        this.forecastPath = unprefixed ? "/forecast/" : "/forecast/" + group.group() + "/";
        this.seriesPath = unprefixed ? "/series" : "/groups/" + group.group() + "/series";
        this.forwarder = forwarder;
        this.model = new ModelCopy(models, ModelCopy.SwapListener.NONE);
        this.self = config.applicationServer() == null ? null : HostInfo.buildFromEndpoint(config.applicationServer());
        this.forecaster = new SeriesForecaster(group.forecast());
        this.defaultStepMillis = group.forecast().defaultStep().toMillis();
        this.ids = new SeriesIdsQuery(streams, self, group, store, seriesPath, forwarder);
    }

    public ForecastGroupConfig group() {
        return group;
    }

    /** The group's serving model version ({@code baseline} before any). */
    public synchronized String modelVersion() {
        ServingModel m = currentModel();
        return m == null ? Forecast.BASELINE_VERSION : m.version();
    }

    /** {@code GET /forecast/{series}}: the key's latest forecast. */
    public Answer forecast(String series, boolean forwarded) {
        return forecast(series, forwarded, false);
    }

    /** @param localOnly answer from this instance's store only ({@code ?local=true}: another instance asking) */
    public Answer forecast(String series, boolean forwarded, boolean localOnly) {
        return answer(series, forwarded, localOnly, forecastPath + series, state -> {
            synchronized (this) {
                Forecast latest = forecaster.latest(state, series, currentModel());
                return latest == null ? null : new Answer(200, forecasts.encode(latest));
            }
        });
    }

    /** {@code GET /series/{series}/accuracy}: the key's rolling accuracy. */
    public Answer accuracy(String series, boolean forwarded) {
        return accuracy(series, forwarded, false);
    }

    public Answer accuracy(String series, boolean forwarded, boolean localOnly) {
        return answer(series, forwarded, localOnly, seriesPath + "/" + series + "/accuracy", state -> {
            synchronized (this) {
                Forecast latest = forecaster.latest(state, series, currentModel());
                return latest == null ? null
                        : new Answer(200, reports.encode(forecaster.accuracy(state, series, latest.modelVersion())));
            }
        });
    }

    /** {@code GET /series/{series}/history}: the key's recent actuals, its state window ({@link HistoryJson}). */
    public Answer history(String series, boolean forwarded) {
        return history(series, forwarded, false);
    }

    public Answer history(String series, boolean forwarded, boolean localOnly) {
        return answer(series, forwarded, localOnly, seriesPath + "/" + series + "/history", state -> {
            byte[] body = HistoryJson.encode(series, state, defaultStepMillis);
            return body == null ? null : new Answer(200, body);
        });
    }

    /**
     * {@code GET /series}: the application's series ids of this group, the first {@value #SERIES_LIMIT} in store
     * order ({@link SeriesIdsQuery}); {@code localOnly}: this instance's only.
     */
    public Answer seriesIds(boolean localOnly) {
        return ids.answer(localOnly);
    }

    /**
     * A key's answer: from this instance's store when it owns the key (or is the only instance), else from the
     * owner. {@code local} makes the 200 answer from the key's state, or returns null for "unknown series".
     *
     * <p>The owner is computed with Kafka's default partitioner (murmur2 of the key). A producer with another one
     * (librdkafka's default is CRC32) puts some keys in other partitions, so when the computed owner does not have
     * the key, every other instance is asked for its own store ({@code ?local=true}) before the answer is 404.
     */
    private Answer answer(String series, boolean forwarded, boolean localOnly, String path,
                          Function<SeriesState, Answer> local) {
        if (localOnly) {
            return fromStore(series, local);
        }
        KeyQueryMetadata owner = self == null ? null
                : streams.queryMetadataForKey(store, series, Serdes.String().serializer());
        Answer answer;
        switch (route(self, owner, forwarded)) {
            case NO_OWNER -> {
                return unavailable("no instance owns this key right now (starting or rebalancing)");
            }
            case MOVING -> {
                return unavailable("ownership is moving (rebalancing)");
            }
            case FORWARD -> answer = forwarder.forward(owner.activeHost(), path);
            default -> answer = fromStore(series, local);
        }
        if (answer.status() != 404 || forwarded || self == null) {
            return answer;
        }
        HostInfo asked = owner.activeHost();
        for (HostInfo other : others(self, streams, store)) {
            if (other.equals(asked)) {
                continue;
            }
            Answer there = forwarder.forward(other, path, "local=true");
            if (there.status() == 200) {
                return there;
            }
        }
        if (!self.equals(asked)) {
            Answer here = fromStore(series, local);
            if (here.status() == 200) {
                return here;
            }
        }
        return answer;
    }

    /** The answer from this instance's own store: 200, 404 (unknown series) or 503 (store not queryable). */
    private Answer fromStore(String series, Function<SeriesState, Answer> local) {
        SeriesState state;
        try {
            ReadOnlyKeyValueStore<String, SeriesState> all = streams.store(StoreQueryParameters.fromNameAndType(
                    store, QueryableStoreTypes.<String, SeriesState>keyValueStore()));
            state = all.get(series);
        } catch (InvalidStateStoreException e) {
            return unavailable("state store not queryable: " + e.getMessage());
        }
        Answer answer = state == null ? null : local.apply(state);
        return answer != null ? answer : Answer.of(404, "error", "unknown series", "series", series);
    }

    /** Where a query for one key is answered. */
    enum Route {
        /** From this instance's store. */
        LOCAL,
        /** By the owner, asked once. */
        FORWARD,
        /** Nowhere (503): no instance owns the key right now. */
        NO_OWNER,
        /** Nowhere (503): a forwarded query reached an instance that is not the owner either. */
        MOVING
    }

    /**
     * Where a query for a key goes: here when this instance is the only one ({@code self} null: no
     * {@code application.server}) or the key's active owner; to the active owner (a standby does not answer) unless
     * the query was itself forwarded, which would forward again while ownership moves; nowhere while no instance
     * owns the key ({@code owner} null or {@link KeyQueryMetadata#NOT_AVAILABLE}).
     */
    static Route route(HostInfo self, KeyQueryMetadata owner, boolean forwarded) {
        if (self == null) {
            return Route.LOCAL;
        }
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            return Route.NO_OWNER;
        }
        if (self.equals(owner.activeHost())) {
            return Route.LOCAL;
        }
        return forwarded ? Route.MOVING : Route.FORWARD;
    }

    /**
     * The instances holding the group's store besides this one, each once, in the metadata's order: what
     * {@code GET /series} asks, and a key query asks when the computed owner does not have the key.
     */
    static Set<HostInfo> others(HostInfo self, KafkaStreams streams, String store) {
        return others(self, streams.streamsMetadataForStore(store).stream().map(StreamsMetadata::hostInfo).toList());
    }

    /** Each host of {@code instances} but {@code self}, once, in order. */
    static Set<HostInfo> others(HostInfo self, List<HostInfo> instances) {
        Set<HostInfo> others = new LinkedHashSet<>(instances);
        others.remove(self);
        return others;
    }

    /** This object's copy of the serving model, replaced when the registry's changed. */
    private ServingModel currentModel() {
        return model.current();
    }

    static Answer unavailable(String why) {
        return Answer.of(503, "error", why);
    }
}
