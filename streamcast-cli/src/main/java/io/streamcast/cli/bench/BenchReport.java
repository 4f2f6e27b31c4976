package io.streamcast.cli.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamcast.core.forecast.ForecastSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code streamcast bench} reports: the one place the runs' typed results become the report's figures
 * (rounded to 0.001, ratios, rates as whole records per second), which {@link #write} writes as JSON and {@link
 * #print} prints as the summary table. A JSON key is its component's name in snake_case ({@code p99SwapMs} is
 * {@code p99_swap_ms}); outside checks read them (docs/benchmarks.md lists every key).
 *
 * @param profile absent from the JSON without {@code --profile}
 */
record BenchReport(String date, String mode, Machine machine, Settings settings, Step step,
                   @JsonInclude(JsonInclude.Include.NON_NULL) JfrProfile.Summary profile, Throughput throughput,
                   Latency latency, Swap swap, List<Parallel> parallelism, Failover failover, List<Scaling> scaling,
                   double seconds) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    record Machine(int cores, long maxHeapMb, String java) {
        static Machine current() {
            return new Machine(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    System.getProperty("java.version"));
        }
    }

    record Settings(int horizon, int window, int season, int hidden, int keys, int records) {
        static Settings of(ForecastSettings s, int hidden, int keys, int records) {
            return new Settings(s.horizon(), s.window(), s.season(), hidden, keys, records);
        }
    }

    record Step(double carriedUs, double windowUs, double ratio, int hidden, int window, double dl4jCarriedUs,
                double javaVsDl4jRatio) {
        static Step of(StepBench.Result r) {
            return new Step(round(r.carriedUs()), round(r.windowUs()), round(r.windowUs() / r.carriedUs()), r.hidden(),
                    r.window(), round(r.dl4jCarriedUs()), round(r.dl4jCarriedUs() / r.carriedUs()));
        }
    }

    /**
     * Each variant's mean over its timed runs and the forecaster's ratios to the others; the changelog bytes of
     * each variant's first timed run.
     */
    record Throughput(long forecasterRps, long passthroughRps, long rawPassthroughRps, long statelessRps,
                      double ratio, double rawRatio, double statelessRatio, List<Run> runs,
                      double changelogBytesPerRecord, double passthroughChangelogBytesPerRecord,
                      int stateBytesPerKey, int forecastBytesPerRecord) {
        /** @param forecastBytes one forecast record's value as the forecasts topic carries it (H points) */
        static Throughput of(List<ThroughputRun.Result> runs, int stateBytesPerKey, int forecastBytes) {
            double forecaster = ThroughputRun.meanRps(runs, ThroughputRun.Variant.FORECASTER);
            double passthrough = ThroughputRun.meanRps(runs, ThroughputRun.Variant.PASSTHROUGH);
            double raw = ThroughputRun.meanRps(runs, ThroughputRun.Variant.RAW_PASSTHROUGH);
            double stateless = ThroughputRun.meanRps(runs, ThroughputRun.Variant.STATELESS);
            return new Throughput(Math.round(forecaster), Math.round(passthrough), Math.round(raw),
                    Math.round(stateless), round(forecaster / passthrough), round(forecaster / raw),
                    round(forecaster / stateless),
                    runs.stream().map(r -> new Run(r.variant().label(), Math.round(r.rps()))).toList(),
                    changelogPerRecord(runs, ThroughputRun.Variant.FORECASTER),
                    changelogPerRecord(runs, ThroughputRun.Variant.PASSTHROUGH), stateBytesPerKey, forecastBytes);
        }

        private static double changelogPerRecord(List<ThroughputRun.Result> runs, ThroughputRun.Variant variant) {
            ThroughputRun.Result first = runs.stream().filter(r -> r.variant() == variant).findFirst().orElseThrow();
            return round((double) first.changelogBytes() / first.records());
        }
    }

    record Run(String variant, long rps) {}

    record Latency(int rateRps, double p50Ms, double p99Ms) {
        static Latency of(PacedRun.Result r) {
            return new Latency(r.rate(), round(r.p50Ms()), round(r.p99SteadyMs()));
        }
    }

    record Swap(int swaps, long forecastsExpected, long inputSendFailures, long lost, long duplicated,
                double p99SteadyMs, double p99SwapMs, double p99Ratio) {
        static Swap of(PacedRun.Result r) {
            return new Swap(r.swaps(), r.expected(), r.sendFailures(), r.lost(), r.duplicated(),
                    round(r.p99SteadyMs()), round(r.p99SwapMs()), round(r.p99SwapMs() / r.p99SteadyMs()));
        }
    }

    /**
     * One layout of {@link ParallelRun}: the mean of its runs, its ratio to one stream thread's mean, the cores the
     * JVM and the stream threads used (means), and each run's records per second.
     */
    record Parallel(String layout, int threads, int instances, long rps, double ratio, double processCores,
                    double streamThreadCores, List<Long> runsRps) {
        static List<Parallel> of(List<ParallelRun.Result> runs) {
            double one = ParallelRun.meanRps(runs, ParallelRun.Layout.ONE_THREAD);
            List<Parallel> layouts = new java.util.ArrayList<>();
            for (ParallelRun.Layout l : ParallelRun.Layout.values()) {
                List<ParallelRun.Result> mine = runs.stream().filter(r -> r.layout() == l).toList();
                double rps = ParallelRun.meanRps(runs, l);
                layouts.add(new Parallel(l.label(), l.threads, l.instances, Math.round(rps), round(rps / one),
                        round(mine.stream().mapToDouble(ParallelRun.Result::processCores).average().orElse(0)),
                        round(mine.stream().mapToDouble(ParallelRun.Result::streamThreadCores).average().orElse(0)),
                        mine.stream().map(r -> Math.round(r.rps())).toList()));
            }
            return layouts;
        }
    }

    record Failover(int rateRps, double sessionTimeoutS, double killToFirstForecastS, double p99SteadyMs,
                    double p99RebalanceMs, double p99Ratio, long forecastsExpected, long lost, long duplicated) {
        static Failover of(FailoverRun.Result r) {
            return new Failover(r.rate(), r.sessionTimeoutS(), round(r.killToFirstForecastS()), round(r.p99SteadyMs()),
                    round(r.p99RebalanceMs()), round(r.p99RebalanceMs() / r.p99SteadyMs()), r.expected(), r.lost(),
                    r.duplicated());
        }
    }

    /** @param restoreSeconds null if no restore was seen */
    record Scaling(int keys, long records, long forecasterRps, int stateBytesPerKey, long storeBytesPerKey,
                   long changelogBytesPerKey, double changelogBytesPerRecord, Double restoreSeconds,
                   long restoredRecords, long restoreMb, long heapUsedMb, long rssMb) {
        static Scaling of(ScalingRun.Result r) {
            return new Scaling(r.keys(), r.records(), Math.round(r.rps()), r.stateBytesPerKey(),
                    Math.round(r.storeBytesPerKey()), Math.round(r.changelogBytesPerKey()),
                    round(r.changelogBytesPerRecord()),
                    Double.isNaN(r.restoreSeconds()) ? null : round(r.restoreSeconds()), r.restoredRecords(),
                    Math.round(r.changelogBytesPerKey() * r.keys() / (1 << 20)), r.heapUsedMb(), r.rssMb());
        }
    }

    /** Rounded to 0.001; NaN becomes 0. */
    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** The JSON {@link #write} writes. */
    String json() throws IOException {
        return JSON.writeValueAsString(this);
    }

    /** The summary table: each figure with its baseline or goal. */
    void print(PrintStream out) {
        Throughput t = throughput;
        out.println();
        row(out, "figure", "value", "baseline / goal");
        row(out, "throughput forecaster (records/s)", t.forecasterRps(), "");
        row(out, "  / passthrough, same serdes, stores and bytes", t.ratio(),
                t.passthroughRps() + " rec/s; goal >= 0.9");
        row(out, "  / the same without serdes (prepared bytes)", t.rawRatio(), t.rawPassthroughRps() + " rec/s");
        row(out, "  / stateless passthrough", t.statelessRatio(), t.statelessRps() + " rec/s; goal >= 0.25");
        row(out, "step, carried state (us)", step.carriedUs(), "");
        row(out, "  window recompute / carried", step.ratio(), step.windowUs() + " us; goal >= 20");
        row(out, "  DL4J rnnTimeStep / Java kernel", step.javaVsDl4jRatio(), step.dl4jCarriedUs() + " us");
        row(out, "latency p50 / p99 (ms)", latency.p50Ms() + " / " + latency.p99Ms(),
                "at " + latency.rateRps() + " rec/s");
        row(out, "swaps: forecasts lost / duplicated", swap.lost() + " / " + swap.duplicated(),
                swap.swaps() + " swaps; goal 0 / 0");
        row(out, "  p99 during swaps / steady", swap.p99Ratio(), "goal <= 2");
        row(out, "state bytes per key", t.stateBytesPerKey(), "goal <= 512");
        row(out, "forecast bytes per record", t.forecastBytesPerRecord(), "H = " + settings.horizon()
                + "; goal <= 1200");
        row(out, "changelog bytes per input record", t.changelogBytesPerRecord(),
                "passthrough " + t.passthroughChangelogBytesPerRecord());
        for (Parallel p : parallelism) {
            if (p.threads() == 1 && p.instances() == 1) {
                row(out, "forecaster, 1 stream thread (records/s)", p.rps(), String.format(
                        "JVM %.2f cores, stream thread %.2f", p.processCores(), p.streamThreadCores()));
            } else {
                row(out, "  " + p.threads() + " thread(s) x " + p.instances() + " instance(s) / 1 thread", p.ratio(),
                        String.format("%d rec/s; JVM %.2f cores, stream threads %.2f%s", p.rps(), p.processCores(),
                                p.streamThreadCores(), p.threads() == 2 ? "; goal >= 1.6" : ""));
            }
        }
        row(out, "SIGKILL to first moved-partition forecast (s)", failover.killToFirstForecastS(),
                "session timeout " + failover.sessionTimeoutS() + " s");
        row(out, "  p99 around the kill / steady", failover.p99Ratio(), failover.p99RebalanceMs() + " / "
                + failover.p99SteadyMs() + " ms; lost / duplicated " + failover.lost() + " / " + failover.duplicated()
                + ", goal 0 / 0");
        out.println();
        String columns = "%-10s %10s %8s %9s %9s %9s %10s %11s %8s %8s%n";
        out.printf(columns, "scaling", "records", "rec/s", "store B/k", "chlog B/k", "chlog B/r", "restore s",
                "restored", "heap MB", "RSS MB");
        for (Scaling s : scaling) {
            out.printf(columns, s.keys() + " keys", s.records(), s.forecasterRps(), s.storeBytesPerKey(),
                    s.changelogBytesPerKey(), s.changelogBytesPerRecord(), s.restoreSeconds(), s.restoredRecords(),
                    s.heapUsedMb(), s.rssMb());
        }
        out.println();
    }

    private static void row(PrintStream out, String figure, Object value, String baseline) {
        out.printf("%-44s %14s  %s%n", figure, value, baseline);
    }
}
