package io.streamcast.streams.topology;

import io.streamcast.core.domain.AccuracyReport;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.domain.Reading;
import io.streamcast.core.domain.Received;
import io.streamcast.core.domain.RejectReason;
import io.streamcast.core.domain.Rejection;
import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.forecast.StepOutcome;
import io.streamcast.core.model.ServingModel;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.config.GroupNodes;
import io.streamcast.streams.config.StreamsTopics;
import io.streamcast.streams.errors.RecordLimits;
import io.streamcast.streams.errors.RefusedOutputs;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import io.streamcast.streams.model.ModelCopy;
import io.streamcast.streams.store.KeyBudget;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream task's forecaster: checks each input record, advances its key's state by one step and emits the
 * forecast; everything it cannot forecast goes to the dead-letter topic with the reason, nothing is dropped
 * silently (duplicates are ignored by design and counted), and no record can stop the task.
 *
 * <p>Each record is first worked out completely — key, value, state, step, the encoded forecast and its size —
 * without writing anything ({@link Result}); only then is the state stored and the forecast forwarded. So any
 * exception while working it out ends as one {@code processing-error} dead letter and the next record goes on,
 * and a forecast larger than the broker accepts is a {@code too-large} dead letter instead of a send that would
 * abort the transaction for ever.
 *
 * <p>The group's emit policy ({@link EmitPolicy}) may suppress a key's forecast: the record is then worked out and
 * its state stored as always, but the forecast is neither encoded nor written, only counted
 * ({@code streamcast_forecasts_suppressed_total}), so every input record is still one forecast, one suppressed
 * forecast, one dead letter or one duplicate.
 *
 * <p>The task owns its copy of the serving model and swaps it, between two records, when the registry's
 * current model changes: keys then re-prime from their windows on their next observation, so no forecast
 * waits for a swap.
 */
final class ObservationProcessor implements Processor<Received<String>, Received<Reading>, byte[], byte[]> {
    private static final Logger log = LoggerFactory.getLogger(ObservationProcessor.class);
    /** Keys read per idle-key expiry slice, and how often (wall clock) a slice runs. */
    static final int EXPIRY_SLICE_KEYS = 10_000;
    static final Duration EXPIRY_SLICE_EVERY = Duration.ofSeconds(1);

    private final ForecastGroupConfig config;
    private final GroupNodes nodes;
    private final StreamsAppMetrics metrics;
    private final RecordLimits limits;
    private final KeyBudget keys;
    private final RefusedOutputs refused;
    private final ProcessingHook hook;
    private final SeriesForecaster forecaster;
    private final Serializer<Forecast> forecasts;
    private final Serializer<AccuracyReport> reports;
    private final String forecastsTopic;
    private final String accuracyTopic;

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, SeriesState> store;
    private IdleKeyExpiry expiry;
    private InputDeadLetters deadLetters;
    private EmitPolicy emitPolicy;
    private long keyCount = -1; // keys in this task's store; -1 until first estimated
    private final ModelCopy model;
    private boolean unreadableLogged;
    private boolean errorLogged;
    private boolean resetLogged;

    /**
     * @param nodes  the group's store and sink names
     * @param topics the group's typed topics: the forecaster encodes with their serdes (thread-safe, shared)
     */
    ObservationProcessor(ForecastGroupConfig config, GroupNodes nodes, StreamsTopics topics, ForecastTopology.Wiring wiring) {
        this.config = config;
        this.nodes = nodes;
        this.metrics = wiring.metrics();
        this.limits = wiring.limits();
        this.keys = wiring.keys();
        this.refused = wiring.refused();
        this.hook = wiring.hook();
        this.forecaster = new SeriesForecaster(config.forecast());
        this.forecasts = topics.forecasts().valueSerde().serializer();
        this.reports = topics.accuracy().valueSerde().serializer();
        this.forecastsTopic = topics.forecasts().name();
        this.accuracyTopic = topics.accuracy().name();
        this.model = new ModelCopy(wiring.models(), this::swapped);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(nodes.store());
        this.deadLetters = new InputDeadLetters(context, nodes.deadLetterSink(), limits, metrics);
        this.emitPolicy = new EmitPolicy(config.output(),
                config.output().hasTolerance() ? context.getStateStore(nodes.writtenStore()) : null);
        this.expiry = new IdleKeyExpiry(store, config.keyTtl(), config.expiryScanInterval(), EXPIRY_SLICE_KEYS,
                emitPolicy::forget);
        context.schedule(EXPIRY_SLICE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> expireIdleKeys());
        // The key count: RocksDB's estimate once (state restored from the changelog is not counted otherwise;
        // the estimate counts overwrites still in memtables, so it can be far off), then counted here, and
        // exact again after every expiry pass. Published on the task's own thread.
        context.schedule(Duration.ofSeconds(10), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (keyCount < 0) {
                keyCount = store.approximateNumEntries();
                keys.set(context.taskId().toString(), keyCount);
            }
            metrics.activeKeys(context.taskId().toString(), keyCount);
        });
    }

    @Override
    public void close() {
        metrics.activeKeys(context.taskId().toString(), -1);
        keys.set(context.taskId().toString(), -1);
    }

    /** What one input record comes to, worked out before anything is written. */
    private sealed interface Result {
        record Rejected(Rejection rejection) implements Result {}

        record Duplicate() implements Result {}

        /**
         * The key's new state and its outputs, to be written: {@code forecast} null when the emit policy suppresses
         * it (the state and the accuracy are written all the same).
         */
        record Forecasted(String seriesId, SeriesState state, boolean newKey, StepOutcome outcome, byte[] forecast,
                          EmitPolicy.Decision emit, byte[] accuracy) implements Result {}
    }

    @Override
    public void process(Record<Received<String>, Received<Reading>> record) {
        metrics.observationIn();
        RefusedOutputs.Refusal refusal = refused.isEmpty() ? null
                : refused.find(record.key().bytes(), record.timestamp());
        if (refusal != null) {
            deadLetters.refused(record, refusal);
            return;
        }
        long start = System.nanoTime();
        Result result;
        try {
            result = work(record);
        } catch (StreamsException e) {
            throw e; // Kafka Streams' own (state store, task migration): not the record's fault
        } catch (RuntimeException e) {
            if (!errorLogged) {
                log.error("Task {}: forecasting a record failed; dead-lettering it and going on (logged once per "
                        + "task; later ones are counted in streamcast_dlq_total{reason=\"processing-error\"})",
                        context.taskId(), e);
                errorLogged = true;
            }
            result = new Result.Rejected(new Rejection(RejectReason.PROCESSING_ERROR, e.toString()));
        }
        if (result instanceof Result.Forecasted f) {
            write(record, f);
        } else if (result instanceof Result.Rejected r) {
            deadLetters.send(record, r.rejection());
        } else {
            metrics.duplicate();
        }
        metrics.step(System.nanoTime() - start);
    }

    private Result work(Record<Received<String>, Received<Reading>> record) {
        // The source's serdes (StreamsSerdes) turn every key and value, null ones included, into a Received
        Rejection badInput = record.key().rejection();
        if (badInput == null) {
            badInput = record.value().rejection();
        }
        if (badInput != null) {
            return new Result.Rejected(badInput);
        }
        Observation observation = record.value().value().of(record.key().value());
        long now = context.currentSystemTimeMs();
        long aheadOfClock = observation.timestampMillis() - now;
        if (aheadOfClock > config.maxFutureSkew().toMillis()) {
            return new Result.Rejected(new Rejection(RejectReason.FUTURE_TIMESTAMP, "ts is " + aheadOfClock
                    + " ms ahead of the wall clock (limit " + config.maxFutureSkew() + ")"));
        }
        // the outputs carry the record's timestamp: one the output topics would refuse would loop the task
        long recordAhead = record.timestamp() - now;
        if (recordAhead > limits.timestampLeadMillis()) {
            return new Result.Rejected(new Rejection(RejectReason.FUTURE_TIMESTAMP, "the record timestamp is "
                    + recordAhead + " ms ahead of the wall clock; the output topics accept at most "
                    + limits.timestampLeadMillis() + " ms (message.timestamp.after.max.ms, less a margin)"));
        }
        ServingModel serving = model.current();
        SeriesState stored = store.get(observation.seriesId());
        if (stored == null && !keys.hasRoom()) {
            return new Result.Rejected(new Rejection(RejectReason.KEY_LIMIT, "a new key while this instance holds "
                    + keys.total() + " keys, the most " + KeyBudget.MAX_KEYS_CONFIG + " (" + keys.max()
                    + ") allows; the keys it holds go on, and one that expires makes room"));
        }
        if (stored != null && stored.isUnreadable()) {
            metrics.stateUnreadable();
            if (!unreadableLogged) {
                log.warn("Task {}: the stored state of a key could not be decoded; the key starts afresh (logged "
                        + "once per task; counted in streamcast_state_unreadable_total)", context.taskId());
                unreadableLogged = true;
            }
            stored = null;
        }
        try {
            return forecast(record, observation, stored == null ? forecaster.newState() : stored, stored == null,
                    serving);
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            if (stored == null) {
                throw e;
            }
            // The same record on a fresh state: if the stored state was what failed (corrupt or forged in a way
            // decoding could not tell), the key recovers instead of failing on every record. If the fresh state
            // fails too, the record is a processing-error and the stored state stays as it was.
            Result retried = forecast(record, observation, forecaster.newState(), true, serving);
            metrics.stateReset();
            if (!resetLogged) {
                log.warn("Task {}: stepping a key from its stored state failed ({}); it started afresh (logged once "
                        + "per task; counted in streamcast_state_resets_total)", context.taskId(), e.toString());
                resetLogged = true;
            }
            return retried;
        }
    }

    private Result forecast(Record<Received<String>, Received<Reading>> record, Observation observation,
                            SeriesState state, boolean newKey, ServingModel serving) {
        hook.beforeStep(observation.seriesId());
        StepOutcome outcome = forecaster.observe(state, observation, serving);
        switch (outcome.kind()) {
            case DUPLICATE:
                return new Result.Duplicate();
            case LATE:
                return new Result.Rejected(new Rejection(RejectReason.LATE, "ts " + observation.timestampMillis()
                        + " is older than the key's last event time " + state.lastEventMillis()));
            default:
                break;
        }
        state.arrivedAt(context.currentSystemTimeMs()); // idle-key expiry needs the key idle on both clocks
        int keyLength = record.key().bytes().length;
        byte[] forecast = null; // suppressed by the emit policy: not even encoded
        EmitPolicy.Decision emit = emitPolicy.decide(observation.seriesId(), state.seen(), newKey, outcome.forecast());
        if (emit.writes()) {
            forecast = forecasts.serialize(forecastsTopic, outcome.forecast());
            if (!limits.outputFits(keyLength, forecast.length, null)) {
                return new Result.Rejected(new Rejection(RejectReason.TOO_LARGE, "its forecast would be "
                        + RecordLimits.estimate(keyLength, forecast.length, null) + " bytes; the largest "
                        + "record the output topics accept is " + limits.outputBytes()));
            }
        }
        byte[] accuracy = null;
        if (state.seen() % config.accuracyEvery() == 0 && state.scored() > 0) {
            accuracy = reports.serialize(accuracyTopic, forecaster.accuracy(state, observation.seriesId(),
                    outcome.forecast().modelVersion()));
            if (!limits.outputFits(keyLength, accuracy.length, null)) {
                accuracy = null; // smaller than the forecast, so only with a raised key limit; skipped, not fatal
            }
        }
        return new Result.Forecasted(observation.seriesId(), state, newKey, outcome, forecast, emit, accuracy);
    }

    private void write(Record<Received<String>, Received<Reading>> record, Result.Forecasted f) {
        store.put(f.seriesId(), f.state());
        expiry.observed(f.state().lastEventMillis());
        if (f.newKey()) {
            keys.added(context.taskId().toString());
        }
        if (f.newKey() && keyCount >= 0) {
            keyCount++;
        }
        if (f.forecast() != null) {
            // the input's key bytes: valid UTF-8 of the series id, the same bytes a String serializer would write
            context.forward(new Record<>(record.key().bytes(), f.forecast(), record.timestamp()),
                    nodes.forecastSink());
            metrics.forecastOut();
            emitPolicy.written(f.seriesId(), f.emit());
        } else {
            metrics.forecastSuppressed();
        }
        StepOutcome outcome = f.outcome();
        metrics.scored(outcome.forecast().modelVersion(), outcome.score());
        metrics.gap(outcome.filled(), outcome.reset());
        if (outcome.primed()) {
            metrics.keyPrimed();
        }
        if (f.accuracy() != null) {
            context.forward(new Record<>(record.key().bytes(), f.accuracy(), record.timestamp()),
                    nodes.accuracySink());
        }
    }

    private void swapped(String previous, ServingModel now, long nanos) {
        metrics.modelSwap(now.version(), nanos);
        log.info("Task {} swapped model {} -> {}", context.taskId(), previous, now.version());
    }

    private void expireIdleKeys() {
        try {
            IdleKeyExpiry.Slice slice = expiry.slice(context.currentSystemTimeMs());
            if (slice.deleted() > 0) {
                metrics.keysExpired(slice.deleted());
            }
            if (slice.keysAfterPass() >= 0) {
                keyCount = slice.keysAfterPass();
                keys.set(context.taskId().toString(), keyCount);
            }
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("Task {}: idle-key expiry failed; trying again at the next slice", context.taskId(), e);
        }
    }
}
