package io.streamcast.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamcast bench}: the benchmark suite on an embedded broker. Every figure that depends on the machine
 * is reported next to a baseline measured in the same run (docs/benchmarks.md).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark streamcast on an embedded Kafka broker (exactly-once, streams-app's",
                "settings): per-key step cost (carried state vs window recompute);",
                "throughput of the forecasting topology vs a passthrough with the same",
                "serdes, stores and state bytes, the same without serdes, and a stateless",
                "passthrough; latency; forecasts lost or duplicated while models are",
                "swapped under load; key scaling (state restored from the changelog, then",
                "stepped). Prints a summary table. A full run takes about 7 minutes,",
                "--quick about 2."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Small runs (within 5 minutes on 2 cores) for CI-style checks.")
    boolean quick;

    @Option(names = "--report", paramLabel = "out.json", description = "Write every figure as JSON.")
    Path report;

    @Option(names = "--keys", paramLabel = "N", description = "Distinct keys in the throughput runs "
            + "(default 1000, quick 500).")
    Integer keys;

    @Option(names = "--records", paramLabel = "N", description = "Records per throughput run "
            + "(default 200000, quick 30000).")
    Integer records;

    @Option(names = "--scale-keys", paramLabel = "N,N,...", split = ",", description = "Key counts of the "
            + "scaling runs (restore from the changelog, then one step per record; default 1000,100000,1000000, "
            + "quick 1000,20000).")
    List<Integer> scaleKeys;

    @Option(names = "--profile", paramLabel = "DIR", description = {"Record a JFR profile of the forecaster's "
            + "throughput run into DIR/forecaster.jfr and print where its stream thread spends time.",
            "For whole stacks start the JVM with STREAMCAST_JAVA_OPTS='-Xmx4g "
                    + "-XX:FlightRecorderOptions:stackdepth=256'."})
    Path profile;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        int k = keys != null ? keys : (quick ? 500 : 1_000);
        int n = records != null ? records : (quick ? 30_000 : 200_000);
        ForecastSettings settings = ForecastSettings.defaults(); // W = H = 48, m = 24: the state budget's shape
        int hidden = 32;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("date", Instant.now().toString());
        r.put("mode", quick ? "quick" : "full");
        r.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "max_heap_mb", Runtime.getRuntime().maxMemory() >> 20, "java", System.getProperty("java.version")));
        r.put("settings", Map.of("horizon", settings.horizon(), "window", settings.window(), "season",
                settings.season(), "hidden", hidden, "keys", k, "records", n));

        say("bench: step cost, LSTM-%d, W=%d, H=%d ...", hidden, settings.window(), settings.horizon());
        Map<String, Object> step = StepBench.run(settings.horizon(), hidden, settings.window(), quick);
        r.put("step", step);

        Path stateRoot = Files.createTempDirectory("streamcast-bench-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            BenchDriver driver = new BenchDriver(broker.bootstrapServers(), settings, stateRoot, this::say);
            BenchInput input = new BenchInput(settings);
            ModelBundle model = BenchModels.bundle(settings, "bench-v0", hidden, 1);
            BenchInput.Primed primed = input.primed(model);
            int stateBytes = primed.state().length;
            ThroughputRun throughput = new ThroughputRun(driver, input, model, primed);
            List<ThroughputRun.Result> runs = throughput.timed(k, n);
            if (profile != null) { // a third forecaster run, recorded: JFR slows it, so it is not in the figures
                Path jfr = profile.resolve("forecaster.jfr");
                try (JfrProfile p = JfrProfile.start(jfr)) {
                    throughput.run(ThroughputRun.Variant.FORECASTER, k, n, false);
                }
                Map<String, Object> summary = JfrProfile.summarize(jfr, "StreamThread", 30);
                r.put("profile", summary);
                JfrProfile.print(summary, System.out);
            }
            double forecaster = ThroughputRun.meanRps(runs, ThroughputRun.Variant.FORECASTER);
            double passthrough = ThroughputRun.meanRps(runs, ThroughputRun.Variant.PASSTHROUGH);
            double raw = ThroughputRun.meanRps(runs, ThroughputRun.Variant.RAW_PASSTHROUGH);
            double stateless = ThroughputRun.meanRps(runs, ThroughputRun.Variant.STATELESS);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("forecaster_rps", Math.round(forecaster));
            t.put("passthrough_rps", Math.round(passthrough));
            t.put("raw_passthrough_rps", Math.round(raw));
            t.put("stateless_rps", Math.round(stateless));
            t.put("ratio", StepBench.round(forecaster / passthrough));
            t.put("raw_ratio", StepBench.round(forecaster / raw));
            t.put("stateless_ratio", StepBench.round(forecaster / stateless));
            List<Map<String, Object>> each = new ArrayList<>();
            for (ThroughputRun.Result run : runs) {
                each.add(Map.of("variant", run.variant().label(), "rps", Math.round(run.rps())));
            }
            t.put("runs", each);
            r.put("throughput", t);

            int rate = (int) Math.max(200, Math.min(2_000, forecaster / 4)); // well below capacity
            int seconds = quick ? 20 : 60;
            PacedRun.Result paced = new PacedRun(driver, input).run(k, rate, seconds,
                    Duration.ofSeconds(quick ? 2 : 5), model,
                    i -> BenchModels.bundle(settings, "bench-v" + i, hidden, 100 + i));
            Map<String, Object> latency = new LinkedHashMap<>();
            latency.put("rate_rps", paced.rate());
            latency.put("p50_ms", StepBench.round(paced.p50Ms()));
            latency.put("p99_ms", StepBench.round(paced.p99SteadyMs()));
            r.put("latency", latency);
            Map<String, Object> swap = new LinkedHashMap<>();
            swap.put("swaps", paced.swaps());
            swap.put("forecasts_expected", paced.expected());
            swap.put("input_send_failures", paced.sendFailures());
            swap.put("lost", paced.lost());
            swap.put("duplicated", paced.duplicated());
            swap.put("p99_steady_ms", StepBench.round(paced.p99SteadyMs()));
            swap.put("p99_swap_ms", StepBench.round(paced.p99SwapMs()));
            swap.put("p99_ratio", StepBench.round(paced.p99SwapMs() / paced.p99SteadyMs()));
            r.put("swap", swap);

            t.put("changelog_bytes_per_record", StepBench.round(
                    (double) firstRun(runs, ThroughputRun.Variant.FORECASTER).changelogBytes() / n));
            t.put("passthrough_changelog_bytes_per_record", StepBench.round(
                    (double) firstRun(runs, ThroughputRun.Variant.PASSTHROUGH).changelogBytes() / n));
            t.put("state_bytes_per_key", stateBytes);

            List<Integer> sizes = scaleKeys != null ? scaleKeys
                    : quick ? List.of(1_000, 20_000) : List.of(1_000, 100_000, 1_000_000);
            List<Map<String, Object>> scaling = new ArrayList<>();
            ScalingRun scalingRun = new ScalingRun(driver, input);
            for (int keysInRun : sizes) {
                // every key restored and stepped at least once; small runs get several steps per key
                int recordsInRun = Math.max(keysInRun, quick ? 20_000 : 50_000);
                System.gc();
                ScalingRun.Result sc = scalingRun.run(keysInRun, recordsInRun, model, primed.state());
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("keys", sc.keys());
                s.put("records", sc.records());
                s.put("forecaster_rps", Math.round(sc.rps()));
                s.put("state_bytes_per_key", sc.stateBytesPerKey());
                s.put("store_bytes_per_key", Math.round(sc.storeBytesPerKey()));
                s.put("changelog_bytes_per_key", Math.round(sc.changelogBytesPerKey()));
                s.put("changelog_bytes_per_record", StepBench.round(sc.changelogBytesPerRecord()));
                s.put("restore_seconds", Double.isNaN(sc.restoreSeconds()) ? null : StepBench.round(sc.restoreSeconds()));
                s.put("restored_records", sc.restoredRecords());
                s.put("restore_mb", Math.round(sc.changelogBytesPerKey() * sc.keys() / (1 << 20)));
                s.put("heap_used_mb", sc.heapUsedMb());
                s.put("rss_mb", sc.rssMb());
                scaling.add(s);
            }
            r.put("scaling", scaling);
        } finally {
            try (var files = Files.walk(stateRoot)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        r.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        printSummary(r);
        if (report != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), r);
            say("report: %s", report);
        }
        return 0;
    }

    private static ThroughputRun.Result firstRun(List<ThroughputRun.Result> runs, ThroughputRun.Variant variant) {
        return runs.stream().filter(r -> r.variant() == variant).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private void printSummary(Map<String, Object> r) {
        Map<String, Object> t = (Map<String, Object>) r.get("throughput");
        Map<String, Object> step = (Map<String, Object>) r.get("step");
        Map<String, Object> lat = (Map<String, Object>) r.get("latency");
        Map<String, Object> swap = (Map<String, Object>) r.get("swap");
        System.out.println();
        System.out.printf("%-44s %14s  %s%n", "figure", "value", "baseline / goal");
        System.out.printf("%-44s %14s  %s%n", "throughput forecaster (records/s)", t.get("forecaster_rps"), "");
        System.out.printf("%-44s %14s  %s%n", "  / passthrough, same serdes, stores and bytes", t.get("ratio"),
                t.get("passthrough_rps") + " rec/s; goal >= 0.9");
        System.out.printf("%-44s %14s  %s%n", "  / the same without serdes (prepared bytes)", t.get("raw_ratio"),
                t.get("raw_passthrough_rps") + " rec/s");
        System.out.printf("%-44s %14s  %s%n", "  / stateless passthrough", t.get("stateless_ratio"),
                t.get("stateless_rps") + " rec/s; goal >= 0.5");
        System.out.printf("%-44s %14s  %s%n", "step, carried state (us)", step.get("carried_us"), "");
        System.out.printf("%-44s %14s  %s%n", "  window recompute / carried", step.get("ratio"),
                step.get("window_us") + " us; goal >= 20");
        System.out.printf("%-44s %14s  %s%n", "  DL4J rnnTimeStep / Java kernel", step.get("java_vs_dl4j_ratio"),
                step.get("dl4j_carried_us") + " us");
        System.out.printf("%-44s %14s  %s%n", "latency p50 / p99 (ms)", lat.get("p50_ms") + " / " + lat.get("p99_ms"),
                "at " + lat.get("rate_rps") + " rec/s");
        System.out.printf("%-44s %14s  %s%n", "swaps: forecasts lost / duplicated", swap.get("lost") + " / "
                + swap.get("duplicated"), swap.get("swaps") + " swaps; goal 0 / 0");
        System.out.printf("%-44s %14s  %s%n", "  p99 during swaps / steady", swap.get("p99_ratio"), "goal <= 2");
        System.out.printf("%-44s %14s  %s%n", "state bytes per key", t.get("state_bytes_per_key"),
                "goal <= 512");
        System.out.printf("%-44s %14s  %s%n", "changelog bytes per input record",
                t.get("changelog_bytes_per_record"), "passthrough " + t.get("passthrough_changelog_bytes_per_record"));
        System.out.println();
        System.out.printf("%-10s %10s %8s %9s %9s %9s %10s %11s %8s %8s%n", "scaling", "records", "rec/s",
                "store B/k", "chlog B/k", "chlog B/r", "restore s", "restored", "heap MB", "RSS MB");
        for (Map<String, Object> s : (List<Map<String, Object>>) r.get("scaling")) {
            System.out.printf("%-10s %10s %8s %9s %9s %9s %10s %11s %8s %8s%n", s.get("keys") + " keys",
                    s.get("records"), s.get("forecaster_rps"), s.get("store_bytes_per_key"),
                    s.get("changelog_bytes_per_key"), s.get("changelog_bytes_per_record"), s.get("restore_seconds"),
                    s.get("restored_records"), s.get("heap_used_mb"), s.get("rss_mb"));
        }
        System.out.println();
    }

    private void say(String format, Object... args) {
        System.err.println(String.format(format, args));
    }
}
