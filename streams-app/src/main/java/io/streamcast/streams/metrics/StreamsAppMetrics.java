package io.streamcast.streams.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.ScoreSummary;
import io.streamcast.core.forecast.TrackedSteps;
import io.streamcast.core.model.ModelMetadata;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * streams-app's domain metrics for one forecast group, all named {@code streamcast.*} (so {@code streamcast_*} in
 * Prometheus) and tagged {@code group}; the few that belong to the whole application (model-updates records
 * read, stream thread failures, outputs the broker refused, dropped records) are untagged and shared by the
 * groups' instances (Micrometer hands every instance the same meter). No per-key tags: series-level detail lives
 * in the forecast-accuracy topic. Names and meanings are listed in {@code docs/metrics.md}.
 */
public final class StreamsAppMetrics {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter observationsIn;
    private final Counter forecastsOut;
    private final Counter forecastsSuppressed;
    private final Counter duplicates;
    private final Counter keysExpired;
    private final Counter keysPrimed;
    private final Counter gapStepsFilled;
    private final Counter gapResets;
    private final Counter stateUnreadable;
    private final Counter stateResets;
    private final Counter dropped;
    private final Counter modelUpdatesRead;
    private final Counter threadFailures;
    private final Timer step;
    private final Map<String, AccuracyMeters> accuracy = new ConcurrentHashMap<>();
    private final TrackedSteps tracked;
    private final Counter[] stepScored;
    private final Counter[] stepScaledError;
    private final Counter[] stepScaledSeasonalNaiveError;
    private final Map<String, AtomicInteger> serving = new ConcurrentHashMap<>();
    private final Map<String, Long> activeKeysByTask = new ConcurrentHashMap<>();

    /** The default group's metrics. */
    public StreamsAppMetrics(MeterRegistry registry, ForecastSettings settings) {
        this(registry, settings, ModelMetadata.DEFAULT_GROUP);
    }

    public StreamsAppMetrics(MeterRegistry registry, ForecastSettings settings, String group) {
        this.registry = registry;
        this.tags = Tags.of("group", group);
        this.tracked = new TrackedSteps(settings.horizon());
        stepScored = new Counter[tracked.count()];
        stepScaledError = new Counter[tracked.count()];
        stepScaledSeasonalNaiveError = new Counter[tracked.count()];
        for (int i = 0; i < tracked.count(); i++) {
            String k = Integer.toString(tracked.step(i));
            stepScored[i] = Counter.builder("streamcast.accuracy.step.scored").tags(tags).tag("step", k)
                    .description("Forecast points scored at this horizon step").register(registry);
            stepScaledError[i] = Counter.builder("streamcast.accuracy.step.scaled.error").tags(tags).tag("step", k)
                    .description("Sum of scaled absolute errors at this horizon step").register(registry);
            stepScaledSeasonalNaiveError[i] = Counter.builder("streamcast.accuracy.step.scaled.baseline.error").tags(tags)
                    .tag("step", k).description("The same for seasonal naive").register(registry);
        }
        Gauge.builder("streamcast.accuracy.nominal.coverage", settings, ForecastSettings::coverage).tags(tags)
                .description("The coverage the prediction intervals aim for").strongReference(true).register(registry);
        Gauge.builder("streamcast.keys.active", activeKeysByTask,
                        m -> m.values().stream().mapToLong(Long::longValue).sum()).tags(tags)
                .description("Keys in this instance's state stores (RocksDB's estimate, refreshed every 10 s)")
                .register(registry);
        observationsIn = counter("streamcast.observations.in", "Input records read from the observations topic");
        forecastsOut = counter("streamcast.forecasts.out", "Forecasts emitted, one per accepted observation unless "
                + "the emit policy suppresses it");
        forecastsSuppressed = counter("streamcast.forecasts.suppressed",
                "Forecasts of accepted observations not written: suppressed by the emit policy (--emit-every, "
                        + "--emit-tolerance)");
        duplicates = counter("streamcast.duplicates",
                "Observations ignored because their key already had that event time");
        keysExpired = counter("streamcast.keys.expired",
                "Keys deleted from state after being idle longer than the TTL");
        keysPrimed = counter("streamcast.keys.primed",
                "Keys whose carried LSTM state was rebuilt from their window (new key or new model)");
        gapStepsFilled = counter("streamcast.gaps.filled.steps", "Missing steps forward-filled");
        gapResets = counter("streamcast.gaps.resets", "Key sequences reset after a gap longer than the fill limit");
        stateUnreadable = counter("streamcast.state.unreadable",
                "Stored key states that could not be decoded; the key started afresh");
        stateResets = counter("streamcast.state.resets",
                "Keys whose stored state failed while stepping; the record was retried on a fresh state");
        dropped = appCounter("streamcast.records.dropped",
                "Input records whose output and dead letter the broker both refused (see logs)");
        modelUpdatesRead = appCounter("streamcast.model.updates.read",
                "Records read from the model-updates topic (any model name)");
        threadFailures = appCounter("streamcast.stream.thread.failures",
                "Stream threads that died of an exception and were replaced");
        step = Timer.builder("streamcast.model.step").tags(tags)
                .description("Time to advance one key by one observation (score, step, forecast)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000)) // buckets from 1 us: a carried step is microseconds
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).tags(tags).description(description).register(registry);
    }

    /** A meter of the whole application: no group tag, one meter whichever group's instance asks. */
    private Counter appCounter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void observationIn() {
        observationsIn.increment();
    }

    /** Input records read so far (what /health watches for progress). */
    public long observationsIn() {
        return (long) observationsIn.count();
    }

    public void forecastOut() {
        forecastsOut.increment();
    }

    public void forecastSuppressed() {
        forecastsSuppressed.increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void deadLetter(String reason) {
        Counter.builder("streamcast.dlq").tags(tags).description("Records sent to the dead-letter topic, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    public void stateUnreadable() {
        stateUnreadable.increment();
    }

    public void stateReset() {
        stateResets.increment();
    }

    public void dropped() {
        dropped.increment();
    }

    public void modelUpdateRead() {
        modelUpdatesRead.increment();
    }

    public void threadFailed() {
        threadFailures.increment();
    }

    /** An output the producer or broker refused ({@code too-large} or {@code other}). */
    public void outputRefused(String kind) {
        Counter.builder("streamcast.outputs.refused").description("Output records the producer or broker refused")
                .tag("kind", kind).register(registry).increment();
    }

    public void keysExpired(int count) {
        keysExpired.increment(count);
    }

    public void keyPrimed() {
        keysPrimed.increment();
    }

    public void gap(int filled, boolean reset) {
        if (filled > 0) {
            gapStepsFilled.increment(filled);
        }
        if (reset) {
            gapResets.increment();
        }
    }

    public void step(long nanos) {
        step.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The model this instance serves now ({@code baseline} before any): gauge 1 for it, 0 for earlier ones. */
    public void serving(String version) {
        serving.forEach((v, g) -> g.set(v.equals(version) ? 1 : 0));
        serving.computeIfAbsent(version, v -> {
            AtomicInteger g = new AtomicInteger(1);
            Gauge.builder("streamcast.model.serving", g, AtomicInteger::get).tags(tags).tag("version", v)
                    .description("1 for the model version this instance serves, 0 for versions it served before")
                    .register(registry);
            return g;
        }).set(1);
    }

    /** A stream task's key count (its store's estimate); {@code -1} removes the task (closed or migrated). */
    public void activeKeys(String task, long count) {
        if (count < 0) {
            activeKeysByTask.remove(task);
        } else {
            activeKeysByTask.put(task, count);
        }
    }

    public void modelSwap(String version, long nanos) {
        Timer.builder("streamcast.model.swap").tags(tags).tag("version", version)
                .description("Model swaps by a stream task, and how long they took")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void bundleRejected(String reason) {
        Counter.builder("streamcast.model.rejected").tags(tags).description("Model bundles refused, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    /** Folds one observation's scoring into the per-model-version accuracy counters. */
    public void scored(String version, ScoreSummary score) {
        if (score.scored() == 0) {
            return;
        }
        accuracy.computeIfAbsent(version, v -> new AccuracyMeters(registry, tags.and("version", v))).add(score);
        double[] byStep = score.scaledByStep();
        for (int i = 0; i < byStep.length && i < stepScored.length; i++) {
            if (!Double.isNaN(byStep[i])) {
                stepScored[i].increment();
                stepScaledError[i].increment(byStep[i]);
                stepScaledSeasonalNaiveError[i].increment(score.scaledSeasonalNaiveByStep()[i]);
            }
        }
    }

    /**
     * Rates of these counters give rolling accuracy in PromQL, e.g. MASE of a version =
     * rate(scaled_error) / rate(scored), and seasonal naive's the same with the baseline counter.
     */
    private static final class AccuracyMeters {
        final Counter scored;
        final Counter absError;
        final Counter scaledError;
        final Counter scaledSeasonalNaiveError;
        final Counter covered;

        AccuracyMeters(MeterRegistry r, Tags version) {
            scored = Counter.builder("streamcast.accuracy.scored").tags(version)
                    .description("Forecast points scored against actuals (tracked horizon steps)").register(r);
            absError = Counter.builder("streamcast.accuracy.abs.error").tags(version)
                    .description("Sum of absolute errors of scored points").register(r);
            scaledError = Counter.builder("streamcast.accuracy.scaled.error").tags(version)
                    .description("Sum of absolute errors divided by the series' seasonal-naive MAE").register(r);
            scaledSeasonalNaiveError = Counter.builder("streamcast.accuracy.scaled.baseline.error").tags(version)
                    .description("The same for the seasonal-naive forecast of the same points").register(r);
            covered = Counter.builder("streamcast.accuracy.covered").tags(version)
                    .description("Scored points whose actual fell inside the prediction interval").register(r);
        }

        void add(ScoreSummary s) {
            scored.increment(s.scored());
            absError.increment(s.absError());
            scaledError.increment(s.scaledError());
            scaledSeasonalNaiveError.increment(s.scaledSeasonalNaiveError());
            covered.increment(s.covered());
        }
    }
}
