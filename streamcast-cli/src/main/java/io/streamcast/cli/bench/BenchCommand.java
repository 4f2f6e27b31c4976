package io.streamcast.cli.bench;

import io.streamcast.cli.OutputFileOptions;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
                "swapped under load; one vs two stream threads and two instances; an",
                "instance (its own process) killed with SIGKILL under load; key scaling",
                "(state restored from the changelog, then stepped). Prints a summary",
                "table. A full run takes about 6 minutes, --quick about 3."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Small runs (within 5 minutes on 2 cores) for CI-style checks.")
    boolean quick;

    @Mixin
    OutputFileOptions.Report report;

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
        String date = Instant.now().toString();
        int k = keys != null ? keys : (quick ? 500 : 1_000);
        int n = records != null ? records : (quick ? 30_000 : 200_000);
        ForecastSettings settings = ForecastSettings.defaults(); // W = H = 48, m = 24: the state budget's shape
        int hidden = BenchModels.HIDDEN;

        say("bench: step cost, LSTM-%d, W=%d, H=%d ...", hidden, settings.window(), settings.horizon());
        StepBench.Result step = StepBench.run(settings, hidden, quick);

        List<ThroughputRun.Result> runs;
        JfrProfile.Summary summary = null;
        PacedRun.Result paced;
        List<ParallelRun.Result> parallel;
        FailoverRun.Result failover;
        List<ScalingRun.Result> scaling = new ArrayList<>();
        int stateBytes;
        int forecastBytes;
        Path stateRoot = Files.createTempDirectory("streamcast-bench-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            BenchDriver driver = new BenchDriver(broker.bootstrapServers(), settings, stateRoot, this::say);
            BenchInput input = new BenchInput(settings);
            ModelBundle model = BenchModels.bundle(settings, "bench-v0", hidden, 1);
            BenchInput.Primed primed = input.primed(model);
            stateBytes = primed.state().length;
            forecastBytes = primed.encodedForecast().length;
            ThroughputRun throughput = new ThroughputRun(driver, input, model, primed);
            runs = throughput.timed(k, n);
            if (profile != null) { // a third forecaster run, recorded: JFR slows it, so it is not in the figures
                Path jfr = profile.resolve("forecaster.jfr");
                try (JfrProfile p = JfrProfile.start(jfr)) {
                    throughput.run(ThroughputRun.Variant.FORECASTER, k, n, false);
                }
                summary = JfrProfile.summarize(jfr, "StreamThread", 30);
                JfrProfile.print(summary, System.out);
            }

            double forecaster = ThroughputRun.meanRps(runs, ThroughputRun.Variant.FORECASTER);
            int rate = (int) Math.max(200, Math.min(2_000, forecaster / 4)); // well below capacity
            paced = new PacedRun(driver, input).run(k, rate, quick ? 20 : 60, Duration.ofSeconds(quick ? 2 : 5),
                    model, i -> BenchModels.bundle(settings, "bench-v" + i, hidden, 100 + i));

            parallel = new ParallelRun(driver, input, model).timed(k, n);
            failover = new FailoverRun(driver, input).run(k, rate, quick ? 30 : 60, model);

            List<Integer> sizes = scaleKeys != null ? scaleKeys
                    : quick ? List.of(1_000, 20_000) : List.of(1_000, 100_000, 1_000_000);
            ScalingRun scalingRun = new ScalingRun(driver, input);
            for (int keysInRun : sizes) {
                // every key restored and stepped at least once; small runs get several steps per key
                int recordsInRun = Math.max(keysInRun, quick ? 20_000 : 50_000);
                System.gc();
                scaling.add(scalingRun.run(keysInRun, recordsInRun, model, primed.state()));
            }
        } finally {
            try (var files = Files.walk(stateRoot)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        BenchReport r = new BenchReport(date, quick ? "quick" : "full", BenchReport.Machine.current(),
                BenchReport.Settings.of(settings, hidden, k, n), BenchReport.Step.of(step), summary,
                BenchReport.Throughput.of(runs, stateBytes, forecastBytes), BenchReport.Latency.of(paced), BenchReport.Swap.of(paced),
                BenchReport.Parallel.of(parallel), BenchReport.Failover.of(failover),
                scaling.stream().map(BenchReport.Scaling::of).toList(),
                Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        r.print(System.out);
        if (report.path() != null) {
            r.write(report.path());
            say("report: %s", report.path());
        }
        return 0;
    }

    private void say(String format, Object... args) {
        System.err.println(String.format(format, args));
    }
}
