package io.streamcast.cli.bench;

import io.streamcast.core.model.ModelBundle;
import io.streamcast.streams.topology.ForecastTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * Throughput of a topology on pre-loaded input: the forecasting topology against the passthroughs of {@link
 * BenchTopologies}, each on a fresh set of topics with the same input. A run's time is from the broker's append of
 * its first output to that of its last ({@link OutputCounter}).
 */
final class ThroughputRun {
    /** What a throughput run runs: its topology, the store whose changelog it writes, and whether it serves a model. */
    enum Variant {
        FORECASTER(ForecastTopology.STATE_STORE, true) {
            @Override
            Topology topology(BenchDriver.Run run, BenchInput.Primed primed) {
                return ForecastTopology.build(run.config());
            }
        },
        PASSTHROUGH(BenchTopologies.STORE, false) {
            @Override
            Topology topology(BenchDriver.Run run, BenchInput.Primed primed) {
                return BenchTopologies.statefulPassthrough(run.topics().observations(), run.topics().forecasts(),
                        run.config().forecast(), primed.state(), primed.forecast());
            }
        },
        RAW_PASSTHROUGH(BenchTopologies.STORE, false) {
            @Override
            Topology topology(BenchDriver.Run run, BenchInput.Primed primed) {
                return BenchTopologies.rawPassthrough(run.topics().observations(), run.topics().forecasts(),
                        primed.state().length, primed.encodedForecast());
            }
        },
        STATELESS(null, false) {
            @Override
            Topology topology(BenchDriver.Run run, BenchInput.Primed primed) {
                return BenchTopologies.statelessPassthrough(run.topics().observations(), run.topics().forecasts());
            }
        };

        /** The timed order's first half: the forecaster last, then the same backwards ({@link #timed}). */
        static final List<Variant> ORDER = List.of(STATELESS, RAW_PASSTHROUGH, PASSTHROUGH, FORECASTER);

        /** The changelogged store, or null for a stateless topology. */
        private final String store;
        private final boolean servesModel;

        Variant(String store, boolean servesModel) {
            this.store = store;
            this.servesModel = servesModel;
        }

        abstract Topology topology(BenchDriver.Run run, BenchInput.Primed primed);

        /** The name in progress lines and in the report: {@code raw_passthrough}. */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One throughput run: records per second between the broker's appends of the first and the last output. */
    record Result(Variant variant, int keys, long records, double seconds, double rps, long changelogBytes) {}

    private final BenchDriver driver;
    private final BenchInput input;
    private final ModelBundle model;
    private final BenchInput.Primed primed;

    /**
     * @param model  what the forecaster serves
     * @param primed a key primed with {@code model} ({@link BenchInput#primed}): the passthroughs' state and output
     */
    ThroughputRun(BenchDriver driver, BenchInput input, ModelBundle model, BenchInput.Primed primed) {
        this.driver = driver;
        this.input = input;
        this.model = model;
        this.primed = primed;
    }

    /**
     * Every variant once untimed, then each twice in the order A B C D D C B A ({@link Variant#ORDER} and back):
     * runs later in the JVM's life were measured faster, by more than the differences between the variants (the
     * same forecaster run went from 3,760 to 9,487 records/s over 16 runs in one JVM: probably JIT compilation
     * competing for the two cores and warming caches; not verified), and the mean of a variant's two runs cancels
     * what drift is left if it is linear in time.
     *
     * @return the timed runs in order
     */
    List<Result> timed(int keys, int records) throws Exception {
        for (Variant v : Variant.ORDER) {
            run(v, keys, records, true);
        }
        List<Variant> back = new ArrayList<>(Variant.ORDER);
        Collections.reverse(back);
        List<Variant> abba = new ArrayList<>(Variant.ORDER);
        abba.addAll(back);
        List<Result> runs = new ArrayList<>();
        for (Variant v : abba) {
            runs.add(run(v, keys, records, false));
        }
        return runs;
    }

    /** One run of {@code variant} on a fresh set of topics; a warm-up run says so in its progress line. */
    Result run(Variant variant, int keys, int records, boolean warmUp) throws Exception {
        BenchDriver.Run run = driver.newRun(variant.label());
        driver.appendTimeOn(run.topics().forecasts());
        try (Preload load = driver.preload(variant.toString())) {
            if (variant.servesModel) {
                load.sendNow(run.model(model));
            }
            for (int i = 0; i < records; i++) {
                load.send(input.record(run.topics().observations(), i, keys, 0));
            }
        }
        String name = variant.label() + (warmUp ? " (warm-up)" : "");
        driver.say(String.format("bench: %s, %d records over %d keys ...", name, records, keys));
        double seconds;
        try (OutputCounter out = new OutputCounter(driver, run);
             KafkaStreams streams = new KafkaStreams(variant.topology(run, primed),
                     run.config().toStreamsProperties())) {
            streams.start();
            driver.awaitOutputs(variant.toString(), run, streams, out, records, () -> false);
            streams.close(Duration.ofSeconds(30));
            seconds = out.seconds();
        }
        long changelog = variant.store == null ? 0
                : driver.topicBytes(run.prefix() + "-" + variant.store + "-changelog");
        Result r = new Result(variant, keys, records, seconds, (records - 1) / seconds, changelog);
        driver.deleteTopics(run);
        driver.say(String.format("bench: %s: %.0f records/s", name, r.rps()));
        return r;
    }

    /** The mean records per second of {@code variant}'s runs among {@code runs}. */
    static double meanRps(List<Result> runs, Variant variant) {
        return runs.stream().filter(r -> r.variant() == variant).mapToDouble(Result::rps).average().orElseThrow();
    }
}
