package io.streamcast.streams.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.core.codec.AccuracyReportCodec;
import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.model.ServingModel;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.model.ModelRegistry;
import io.streamcast.streams.topology.ForecastTopology;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Per-series answers for the REST API, from the {@code series-state} store by interactive queries.
 *
 * <p>A key lives in one instance's store. When another instance owns it (Kafka Streams' metadata, fed by every
 * instance's {@code application.server}), the query is forwarded there once; a forwarded query that lands on an
 * instance which is not the owner either (a rebalance in flight) answers 503 rather than forwarding again.
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
    public static final String FORWARDED_HEADER = "X-Streamcast-Forwarded";

    /** An HTTP status and a JSON body. */
    public record Answer(int status, byte[] body) {
        /** A JSON object of string fields, e.g. {@code {"error": "..."}}. */
        public static Answer of(int status, String... keysAndValues) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
                fields.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            try {
                return new Answer(status, JSON.writeValueAsBytes(fields));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e); // strings always serialize
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaStreams streams;
    private final ModelRegistry models;
    private final HostInfo self;
    private final SeriesForecaster forecaster;
    private final ForecastCodec forecasts = new ForecastCodec();
    private final AccuracyReportCodec reports = new AccuracyReportCodec();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ServingModel model;

    public SeriesQueries(KafkaStreams streams, StreamsAppConfig config, ModelRegistry models) {
        this.streams = streams;
        this.models = models;
        this.self = config.applicationServer() == null ? null : HostInfo.buildFromEndpoint(config.applicationServer());
        this.forecaster = new SeriesForecaster(config.forecast());
    }

    /** {@code GET /forecast/{series}}: the key's latest forecast. */
    public Answer forecast(String series, boolean forwarded) {
        return answer(series, forwarded, "/forecast/" + series, false);
    }

    /** {@code GET /series/{series}/accuracy}: the key's rolling accuracy. */
    public Answer accuracy(String series, boolean forwarded) {
        return answer(series, forwarded, "/series/" + series + "/accuracy", true);
    }

    private Answer answer(String series, boolean forwarded, String path, boolean accuracy) {
        if (self != null) {
            KeyQueryMetadata owner = streams.queryMetadataForKey(ForecastTopology.STATE_STORE, series,
                    Serdes.String().serializer());
            if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
                return unavailable("no instance owns this key right now (starting or rebalancing)");
            }
            if (!self.equals(owner.activeHost())) {
                return forwarded ? unavailable("ownership is moving (rebalancing)") : forward(owner.activeHost(), path);
            }
        }
        SeriesState state;
        try {
            ReadOnlyKeyValueStore<String, SeriesState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    ForecastTopology.STATE_STORE, QueryableStoreTypes.<String, SeriesState>keyValueStore()));
            state = store.get(series);
        } catch (InvalidStateStoreException e) {
            return unavailable("state store not queryable: " + e.getMessage());
        }
        synchronized (this) {
            Forecast latest = state == null ? null : forecaster.latest(state, series, currentModel());
            if (latest == null) {
                return Answer.of(404, "error", "unknown series", "series", series);
            }
            return new Answer(200, accuracy
                    ? reports.encode(forecaster.accuracy(state, series, latest.modelVersion()))
                    : forecasts.encode(latest));
        }
    }

    /** This object's copy of the serving model, replaced when the registry's changed. */
    private ServingModel currentModel() {
        ServingModel current = models.current();
        if (current == null) {
            model = null;
        } else if (model == null || model.versionId() != current.versionId()) {
            model = current.copyForThread();
        }
        return model;
    }

    private Answer forward(HostInfo owner, String path) {
        try {
            URI uri = new URI("http", null, owner.host(), owner.port(), path, null, null);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header(FORWARDED_HEADER, "true").GET().build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException | URISyntaxException e) {
            return Answer.of(502, "error", "owner " + owner + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted");
        }
    }

    private static Answer unavailable(String why) {
        return Answer.of(503, "error", why);
    }
}
