package io.streamcast.streams.topology;

import io.streamcast.core.codec.AccuracyReportCodec;
import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.codec.ObservationCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.domain.Parsed;
import io.streamcast.core.domain.RejectReason;
import io.streamcast.core.domain.Rejection;
import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.forecast.StepOutcome;
import io.streamcast.core.model.ServingModel;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import io.streamcast.streams.model.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream task's forecaster: parses each observation, advances its key's state by one step and emits the
 * forecast; everything it cannot forecast goes to the dead-letter topic with the reason, nothing is dropped
 * silently (duplicates are ignored by design and counted).
 *
 * <p>The task owns its copy of the serving model and swaps it, between two records, when the registry's
 * current model changes: keys then re-prime from their windows on their next observation, so no forecast
 * waits for a swap.
 */
final class ObservationProcessor implements Processor<String, byte[], String, byte[]> {
    private static final Logger log = LoggerFactory.getLogger(ObservationProcessor.class);

    static final String HEADER_REASON = "reason";
    static final String HEADER_DETAIL = "detail";
    static final String HEADER_TOPIC = "source.topic";
    static final String HEADER_PARTITION = "source.partition";
    static final String HEADER_OFFSET = "source.offset";

    private final StreamsAppConfig config;
    private final StreamsAppMetrics metrics;
    private final ModelRegistry registry;
    private final SeriesForecaster forecaster;
    private final ObservationCodec observations = new ObservationCodec();
    private final ForecastCodec forecasts = new ForecastCodec();
    private final AccuracyReportCodec reports = new AccuracyReportCodec();

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, SeriesState> store;
    private long keys = -1; // keys in this task's store; -1 until first estimated
    private ServingModel model;

    ObservationProcessor(StreamsAppConfig config, StreamsAppMetrics metrics, ModelRegistry registry) {
        this.config = config;
        this.metrics = metrics;
        this.registry = registry;
        this.forecaster = new SeriesForecaster(config.forecast());
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(ForecastTopology.STATE_STORE);
        context.schedule(config.expiryScanInterval(), PunctuationType.STREAM_TIME, this::expireIdleKeys);
        // The key count: RocksDB's estimate once (state restored from the changelog is not counted otherwise;
        // the estimate counts overwrites still in memtables, so it can be far off), then counted here, and
        // exact again after every expiry scan. Published on the task's own thread.
        context.schedule(Duration.ofSeconds(10), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (keys < 0) {
                keys = store.approximateNumEntries();
            }
            metrics.activeKeys(context.taskId().toString(), keys);
        });
    }

    @Override
    public void close() {
        metrics.activeKeys(context.taskId().toString(), -1);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        metrics.observationIn();
        Parsed<Observation> parsed = observations.parse(record.key(), record.value());
        if (parsed instanceof Parsed.Rejected<Observation> rejected) {
            deadLetter(record, rejected.rejection());
            return;
        }
        Observation observation = ((Parsed.Ok<Observation>) parsed).value();
        long aheadOfClock = observation.timestampMillis() - context.currentSystemTimeMs();
        if (aheadOfClock > config.maxFutureSkew().toMillis()) {
            deadLetter(record, new Rejection(RejectReason.FUTURE_TIMESTAMP, "ts is " + aheadOfClock
                    + " ms ahead of the wall clock (limit " + config.maxFutureSkew() + ")"));
            return;
        }

        long start = System.nanoTime();
        ServingModel serving = currentModel();
        SeriesState state = store.get(observation.seriesId());
        if (state == null) {
            state = forecaster.newState();
            if (keys >= 0) {
                keys++; // counted once its first forecast is stored; a first record that is late cannot exist
            }
        }
        StepOutcome outcome = forecaster.observe(state, observation, serving);
        switch (outcome.kind()) {
            case DUPLICATE -> metrics.duplicate();
            case LATE -> deadLetter(record, new Rejection(RejectReason.LATE, "ts " + observation.timestampMillis()
                    + " is older than the key's last event time " + state.lastEventMillis()));
            case FORECAST -> emit(record, observation, state, outcome);
        }
        metrics.step(System.nanoTime() - start);
    }

    private void emit(Record<String, byte[]> record, Observation observation, SeriesState state,
                      StepOutcome outcome) {
        store.put(observation.seriesId(), state);
        Forecast forecast = outcome.forecast();
        context.forward(new Record<>(observation.seriesId(), forecasts.encode(forecast), record.timestamp()),
                ForecastTopology.FORECAST_SINK);
        metrics.forecastOut();
        metrics.scored(forecast.modelVersion(), outcome.score());
        metrics.gap(outcome.filled(), outcome.reset());
        if (outcome.primed()) {
            metrics.keyPrimed();
        }
        if (state.seen() % config.accuracyEvery() == 0 && state.scored() > 0) {
            context.forward(new Record<>(observation.seriesId(), reports.encode(forecaster.accuracy(state,
                    observation.seriesId(), forecast.modelVersion())), record.timestamp()), ForecastTopology.ACCURACY_SINK);
        }
    }

    /** The task's own model copy, replaced when the registry's current model changed. */
    private ServingModel currentModel() {
        ServingModel latest = registry.current();
        if (latest == null) {
            return null;
        }
        if (model == null || model.versionId() != latest.versionId()) {
            long start = System.nanoTime();
            String previous = model == null ? "baseline" : model.version();
            model = latest.copyForThread();
            metrics.modelSwap(model.version(), System.nanoTime() - start);
            log.info("Task {} swapped model {} -> {}", context.taskId(), previous, model.version());
        }
        return model;
    }

    private void deadLetter(Record<String, byte[]> record, Rejection rejection) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(HEADER_REASON, utf8(rejection.reason().code()));
        headers.add(HEADER_DETAIL, utf8(rejection.detail()));
        RecordMetadata source = context.recordMetadata().orElse(null);
        if (source != null) {
            headers.add(HEADER_TOPIC, utf8(source.topic()));
            headers.add(HEADER_PARTITION, utf8(Integer.toString(source.partition())));
            headers.add(HEADER_OFFSET, utf8(Long.toString(source.offset())));
        }
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers),
                ForecastTopology.DLQ_SINK);
        metrics.deadLetter(rejection.reason().code());
    }

    /** Deletes keys whose last observation is older than the TTL, measured in stream time. */
    private void expireIdleKeys(long streamTime) {
        long cutoff = streamTime - config.keyTtl().toMillis();
        List<String> idle = new ArrayList<>();
        long scanned = 0;
        try (KeyValueIterator<String, SeriesState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, SeriesState> entry = all.next();
                scanned++;
                if (entry.value.lastEventMillis() < cutoff) {
                    idle.add(entry.key);
                }
            }
        }
        idle.forEach(store::delete);
        keys = scanned - idle.size();
        if (!idle.isEmpty()) {
            metrics.keysExpired(idle.size());
            log.debug("Expired {} idle keys (last event before {})", idle.size(), cutoff);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
