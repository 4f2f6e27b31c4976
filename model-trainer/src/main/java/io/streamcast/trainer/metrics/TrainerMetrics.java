package io.streamcast.trainer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamcast.core.accuracy.MetricSummary;
import io.streamcast.trainer.service.HistoryStore;
import io.streamcast.trainer.training.ModelTrainer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * model-trainer's domain metrics of one forecast group, named {@code streamcast.trainer.*}
 * ({@code streamcast_trainer_*} in Prometheus) and tagged {@code group} (the default group's name without a
 * deployment file), so one registry holds every group's; listed in {@code docs/metrics.md}.
 */
public final class TrainerMetrics {
    /** The forecasters a round's backtest scores, as the {@code forecaster} tag of the MASE gauge. */
    public static final String[] FORECASTERS = {"candidate", "champion", "baseline", "seasonal_naive", "naive"};

    private final MeterRegistry registry;
    private final String group;
    private final Timer training;
    private final DistributionSummary epochs;
    private final DistributionSummary updates;
    private final AtomicInteger inProgress = new AtomicInteger();
    private final Map<String, Double> lastMase = new ConcurrentHashMap<>();

    public TrainerMetrics(MeterRegistry registry, String group, HistoryStore history, DoubleSupplier rejectedRecords,
                          BooleanSupplier leader) {
        this.registry = registry;
        this.group = group;
        Gauge.builder("streamcast.trainer.leader", leader, l -> l.getAsBoolean() ? 1 : 0)
                .tag("group", group)
                .description("1 while this trainer leads its group's model (trains and publishes), 0 while it stands by")
                .strongReference(true).register(registry);
        Gauge.builder("streamcast.trainer.history.points", history, HistoryStore::points)
                .tag("group", group)
                .description("Observations kept in the bounded per-series history").register(registry);
        Gauge.builder("streamcast.trainer.history.series", history, HistoryStore::seriesCount)
                .tag("group", group)
                .description("Series in the history (a sample of at most the series cap)").register(registry);
        Gauge.builder("streamcast.trainer.history.series.cap", history, HistoryStore::maxSeries)
                .tag("group", group)
                .description("The most series the history keeps (beyond it, a uniform sample)").register(registry);
        Gauge.builder("streamcast.trainer.history.series.left.out", history, HistoryStore::seriesLeftOutEstimate)
                .tag("group", group)
                .description("Distinct series seen but outside the history's sample (estimated)").register(registry);
        Gauge.builder("streamcast.trainer.history.records.left.out", history, HistoryStore::recordsLeftOut)
                .tag("group", group)
                .description("Records of series outside the history's sample").register(registry);
        Gauge.builder("streamcast.trainer.records.rejected", rejectedRecords, DoubleSupplier::getAsDouble)
                .tag("group", group)
                .description("Records on the history topic that did not parse (streams-app dead-letters them)")
                .strongReference(true) // Micrometer holds gauge objects weakly; nobody else holds this lambda
                .register(registry);
        Gauge.builder("streamcast.trainer.training.active", inProgress, AtomicInteger::get)
                .tag("group", group)
                .description("1 while a training round runs").register(registry);
        training = Timer.builder("streamcast.trainer.training").tag("group", group)
                .description("Training rounds (train, backtest, decide) and how long they took")
                .serviceLevelObjectives(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
                        Duration.ofSeconds(120), Duration.ofSeconds(300))
                .register(registry);
        epochs = DistributionSummary.builder("streamcast.trainer.epochs").tag("group", group)
                .description("Epochs a training round ran before early stopping or its time budget")
                .register(registry);
        updates = DistributionSummary.builder("streamcast.trainer.updates").tag("group", group)
                .description("Minibatch updates a training round made before early stopping or its budget")
                .register(registry);
        for (String f : FORECASTERS) {
            Gauge.builder("streamcast.trainer.backtest.mase", lastMase, m -> m.getOrDefault(f, Double.NaN))
                    .tag("forecaster", f).tag("group", group)
                    .description("MASE on the last round's backtest origins (NaN when it had no such forecaster)")
                    .register(registry);
        }
    }

    /** Marks a round as running until the returned handle is closed. */
    public AutoCloseable roundStarted() {
        inProgress.set(1);
        long started = System.nanoTime();
        return () -> {
            training.record(Duration.ofNanos(System.nanoTime() - started));
            inProgress.set(0);
        };
    }

    /** A round's outcome: the decision counter and the backtest figures. */
    public void decided(ModelTrainer.Round round) {
        String outcome = round.decision().outcome().word();
        Counter.builder("streamcast.trainer.decisions").tag("group", group).tag("outcome", outcome)
                .description("Promotion decisions by outcome").register(registry).increment();
        if (round.training() != null) {
            epochs.record(round.training().epochs());
            updates.record(round.training().updates());
        }
        put("candidate", round.candidate() == null ? null : round.candidate().scores().model());
        put("seasonal_naive", round.candidate() == null ? null : round.candidate().scores().seasonalNaive());
        put("naive", round.candidate() == null ? null : round.candidate().scores().naive());
        put("champion", round.champion() == null ? null : round.champion().scores().model());
        put("baseline", round.baseline() == null ? null : round.baseline().scores().model());
    }

    private void put(String forecaster, MetricSummary summary) {
        lastMase.put(forecaster, summary == null ? Double.NaN : summary.mase());
    }
}
