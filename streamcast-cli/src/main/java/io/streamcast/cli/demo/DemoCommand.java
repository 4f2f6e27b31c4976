package io.streamcast.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.cli.Home;
import io.streamcast.cli.data.CsvSeries;
import io.streamcast.cli.data.DataFiles;
import io.streamcast.cli.evaluate.PlotWriter;
import io.streamcast.cli.evaluate.ReportWriter;
import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.replay.Replayer;
import io.streamcast.cli.replay.Speed;
import io.streamcast.cli.stack.LocalStack;
import io.streamcast.cli.stack.OutputFollower;
import io.streamcast.cli.stack.StackOptions;
import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.accuracy.MetricSummary;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.http.HttpSettings;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.ServiceMetrics;
import io.streamcast.trainer.service.TrainerService;
import io.streamcast.trainer.training.TrainerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import io.streamcast.options.ForecastOptions;
import io.streamcast.cli.OutputFileOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code streamcast demo}: everything on one machine with no setup. An embedded KRaft broker, the topics,
 * streams-app, model-trainer and an HTTP endpoint; bundled (or given) data replayed: the first half as the
 * recorded past at full speed, then — once the trainer has decided on its first model — the rest at
 * {@code --speed}. Ends when the data is replayed and every record is accounted for, or at {@code --duration}.
 * The services are a {@link LocalStack}; this command replays, reports progress, counts what comes out
 * ({@link DemoOutputs}) and writes the report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run everything locally: embedded Kafka, streams-app, model-trainer, replay of real data.",
                "Prints bootstrap=HOST:PORT and http=URL when ready, progress every few seconds, a summary at the end."})
public final class DemoCommand implements Callable<Integer> {
    static final List<String> DEFAULT_DATA = List.of("data/nab/ec2_cpu_utilization_24ae8d.csv",
            "data/nab/rds_cpu_utilization_cc0c53.csv", "data/nab/elb_request_count_8c0756.csv");

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE.csv", description = "CSV files to replay (default: three bundled "
            + "NAB CloudWatch series). 'series,timestamp,value' or 'timestamp,value'. Repeatable.")
    List<Path> data;

    @Option(names = "--speed", defaultValue = "7200x", description = "Live replay speed: event time runs this many "
            + "times faster than the wall clock (e.g. 600x), or max: no pacing, the live half sent in 4 slices, each "
            + "once the trainer has decided on the rows before it (default ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--duration", defaultValue = "120s", description = "Stop after this long at the latest "
            + "(e.g. 90s, 5m; default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port for /metrics, /health, /forecast/{series} "
            + "(0 = any free port; default ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    OutputFileOptions.Report report;

    @Mixin
    OutputFileOptions.Plot plot;

    /** --horizon and --season (default: from the data's spacing), --window, --coverage, --max-gap-fill. */
    @Mixin
    ForecastOptions forecast = ForecastOptions.shapeChosen("from the data's spacing");

    @Option(names = "--train-seconds", defaultValue = "30", description = "Budget of one training run (default ${DEFAULT-VALUE}).")
    int trainSeconds;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the observations topic (default ${DEFAULT-VALUE}).")
    int partitions;

    private final long started = System.nanoTime();
    /** The demo signs its models: a fresh key per run, shared by its trainer and streams-app. */
    private final ModelTrust modelTrust = ModelTrust.signed(java.util.UUID.randomUUID().toString());
    /** What the outputs tell, from the start of the replay on. */
    private volatile DemoOutputs outputs;

    @Override
    public Integer call() throws Exception {
        List<Path> files = files();
        Duration limit = duration;
        Speed.parse(speed); // fail fast on a bad value
        List<ReplayRecords.Row> rows = ReplayRecords.read(files);
        CsvSeries.Result valid = CsvSeries.read(files);
        if (rows.isEmpty() || valid.series().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no rows to replay in " + files);
        }
        ForecastSettings settings = forecast.settings(DemoSettings.choose(valid.series(), forecast.horizon(),
                forecast.season()));
        say("demo: %d rows of %d series from %s; H=%d, m=%d, W=%d, step %s", rows.size(), valid.series().size(),
                files, settings.horizon(), settings.season(), settings.window(), settings.defaultStep());
        long deadline = started + limit.toNanos();
        PrometheusMeterRegistry registry = ServiceMetrics.prometheusRegistry();
        try (LocalStack stack = LocalStack.start(stackOptions(settings, registry, rows))) {
            return run(stack, settings, registry, rows, valid, deadline);
        }
    }

    /**
     * The demo's stack: an embedded broker, the default topics with --partitions, streams-app with its API on
     * --port, and the trainer, whose models are signed with this run's key. Prints {@code bootstrap=} once the
     * broker is up and {@code http=} once streams-app runs.
     */
    private StackOptions stackOptions(ForecastSettings settings, PrometheusMeterRegistry registry,
                                      List<ReplayRecords.Row> rows) {
        long historyValid = DemoReplay.history(rows).stream().filter(ReplayRecords.Row::valid).count();
        // the same training settings as evaluate's (docs/accuracy.md), including its 96 validation origins
        TrainerSettings training = TrainerSettings.defaults().withMaxTrainTime(Duration.ofSeconds(trainSeconds));
        // this host only; a token only when STREAMCAST_HTTP_TOKEN is set
        HttpSettings httpSettings = HttpSettings.fromEnvironment("127.0.0.1", port);
        return StackOptions.embedded().withTopics(TopicNames.defaults(), partitions).withForecast(settings, modelTrust)
                // files recorded months apart share one stream time: the default 7-day idle TTL would expire
                // the earlier series as soon as a later one starts
                .withStreamsApp(c -> c.withApplicationId("streamcast-demo")
                        .withKeyTtl(Duration.ofDays(3650), Duration.ofDays(1)), httpSettings)
                // the first round trains on the whole history, so what it sees does not depend on timing (with
                // 9/10 it started anywhere between 90 and 100 % and promoted in some runs and not in others);
                // history with duplicates falls short of this and trains once the live half tops it up
                .withTrainer(c -> c.withTraining(training).withSchedule(retrainEvery(rows), retrainInterval(),
                        Math.max(1, historyValid)), null)
                .withMeters(registry).withListener(new ReadyLines(httpSettings));
    }

    /**
     * Points between two rounds: a quarter of the rows (at least 500); at max speed the valid points of a slice
     * ({@link DemoReplay}), so a round starts once a whole slice is in. By time, a round was due at the first
     * record after 30 s, and one started on the first two points of a slice, i.e. on the data of the round before.
     */
    private long retrainEvery(List<ReplayRecords.Row> rows) {
        return Speed.parse(speed) == 0 ? DemoReplay.smallestSliceValid(rows) : Math.max(500, rows.size() / 4);
    }

    /** Time between two rounds with new points: 30 s; at max speed rounds follow the slices instead. */
    private Duration retrainInterval() {
        return Speed.parse(speed) == 0 ? Duration.ofDays(1) : Duration.ofSeconds(30);
    }

    private int run(LocalStack stack, ForecastSettings settings, PrometheusMeterRegistry registry,
                    List<ReplayRecords.Row> rows, CsvSeries.Result valid, long deadline) throws Exception {
        outputs = new DemoOutputs(valid.series(), settings);
        TrainerService trainer = stack.trainer();
        Counter duplicates = registry.counter("streamcast.duplicates");
        long sentTotal;
        long failedSends;
        String firstFailure;
        List<Map<String, Object>> decisions;
        // forecasts (read_committed) and dead letters from the beginning, counted
        try (OutputFollower follower = stack.followOutputs("demo-output-counter", outputs::forecast,
                outputs::deadLetter);
             Replayer replayer = new Replayer(KafkaConnection.plaintext(stack.bootstrapServers()),
                     stack.topics().observations())) {
            Thread progress = new Thread(() -> progressLoop(replayer, trainer, registry, duplicates, rows.size(), deadline),
                    "demo-progress");
            progress.setDaemon(true);
            progress.start();
            AtomicBoolean timeUp = new AtomicBoolean();
            java.util.function.BooleanSupplier stop = () -> {
                timeUp.set(System.nanoTime() > deadline);
                return timeUp.get();
            };
            new DemoReplay(replayer, trainer, deadline, this::say).send(rows, speed, stop);
            // records the broker acknowledged: a failed send is not an input, so it is not in records_in
            sentTotal = replayer.delivered();
            failedSends = replayer.failed();
            firstFailure = replayer.firstFailure();
            // wait until every record delivered is a forecast, a dead letter or a counted duplicate
            long drainUntil = Math.max(deadline, System.nanoTime()) + Duration.ofSeconds(30).toNanos();
            while (outputs.forecasts() + outputs.deadLetters() + (long) duplicates.count() < sentTotal
                    && System.nanoTime() < drainUntil) {
                Thread.sleep(100);
            }
            decisions = trainer.decisions();
            printProgress(replayer, trainer, registry, duplicates, rows.size());
            stack.stopTrainer(); // a round in progress ends first: the figures below are final
        }

        long forecastsOut = outputs.forecasts();
        long dlq = outputs.deadLetters();
        long dups = (long) duplicates.count();
        List<String> versions = outputs.versions();
        BaselineComparison.Result scores = outputs.scores();
        MetricSummary model = scores.model();
        MetricSummary naive = scores.naive();
        MetricSummary snaive = scores.seasonalNaive();
        double seconds = (System.nanoTime() - started) / 1e9;
        say("demo: done in %.0f s: records_in=%d forecasts_out=%d dlq=%d duplicates=%d (identity %s); versions %s",
                seconds, sentTotal, forecastsOut, dlq, dups,
                sentTotal == forecastsOut + dlq + dups ? "holds" : "BROKEN", versions);
        say("demo: MASE model %.3f, naive %.3f, seasonal naive %.3f over %d scored forecasts; coverage %.3f",
                model.mase(), naive.mase(), snaive.mase(), scores.origins(), model.coverage());
        if (report.path() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("records_in", sentTotal);
            r.put("forecasts_out", forecastsOut);
            r.put("dlq", dlq);
            r.put("duplicates", dups);
            r.put("failed_sends", failedSends);
            r.put("model_versions", versions);
            r.put("metrics", ReportWriter.metrics(model, naive, snaive));
            r.put("scored_forecasts", scores.origins());
            r.put("horizon", settings.horizon());
            r.put("season", settings.season());
            r.put("decisions", decisions);
            r.put("seconds", Math.round(seconds * 10) / 10.0);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.path().toFile(), r);
            say("report: %s", report.path());
        }
        if (plot.path() != null) {
            PlotWriter.write(outputs.plotPanels(), "streamcast demo (step-1 forecasts)", plot.path());
            say("plot: %s", plot.path());
        }
        if (failedSends > 0) {
            System.err.printf("demo: %d of %d records were not delivered to the embedded broker (not counted in "
                    + "records_in); the first failure: %s%n", failedSends, rows.size(), firstFailure);
            return 1;
        }
        return 0;
    }

    private void progressLoop(Replayer replayer, TrainerService trainer, PrometheusMeterRegistry registry,
                              Counter duplicates, int total, long deadline) {
        while (System.nanoTime() < deadline + Duration.ofSeconds(60).toNanos()) {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                return;
            }
            printProgress(replayer, trainer, registry, duplicates, total);
        }
    }

    private void printProgress(Replayer replayer, TrainerService trainer, PrometheusMeterRegistry registry,
                               Counter duplicates, int total) {
        double scored = sum(registry, "streamcast.accuracy.scored");
        double model = sum(registry, "streamcast.accuracy.scaled.error");
        double baseline = sum(registry, "streamcast.accuracy.scaled.baseline.error");
        say("[%4.0fs] in=%d/%d%s forecasts=%d dlq=%d dup=%d model=%s%s live MASE model %.3f vs seasonal naive %.3f",
                (System.nanoTime() - started) / 1e9, replayer.sent(), total,
                replayer.failed() == 0 ? "" : " (failed " + replayer.failed() + ")", outputs.forecasts(), outputs.deadLetters(),
                (long) duplicates.count(), trainer.champion() == null ? "baseline" : trainer.champion().version(),
                trainer.training() ? " (training)" : "", scored == 0 ? Double.NaN : model / scored,
                scored == 0 ? Double.NaN : baseline / scored);
    }

    private static double sum(PrometheusMeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private List<Path> files() {
        if (data != null && !data.isEmpty()) {
            return DataFiles.readable(spec, data);
        }
        List<Path> bundled = DEFAULT_DATA.stream().map(Home::resolve).toList();
        for (Path p : bundled) {
            if (!Files.isReadable(p)) {
                throw new ParameterException(spec.commandLine(), "bundled data " + p + " not found; pass --data FILE.csv");
            }
        }
        return bundled;
    }

    private void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }

    private void say(String line) {
        System.out.println(line);
    }
}
