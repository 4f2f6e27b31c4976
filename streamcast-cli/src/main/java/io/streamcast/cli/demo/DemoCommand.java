package io.streamcast.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.cli.Home;
import io.streamcast.cli.data.CsvSeries;
import io.streamcast.cli.data.DataFiles;
import io.streamcast.cli.evaluate.PlotSeries;
import io.streamcast.cli.evaluate.PlotWriter;
import io.streamcast.cli.evaluate.ReportWriter;
import io.streamcast.cli.evaluate.RollingProtocol;
import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.replay.Replayer;
import io.streamcast.cli.replay.Speed;
import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.http.BearerToken;
import io.streamcast.http.HttpSettings;
import io.streamcast.core.accuracy.BaselineComparison;
import io.streamcast.core.accuracy.MetricSummary;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicReader;
import io.streamcast.kafka.EmbeddedKafkaBroker;
import io.streamcast.options.ForecastOptions;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.config.TopicSetup;
import io.streamcast.streams.config.Topics;
import io.streamcast.streams.http.StreamsAppHttpServer;
import io.streamcast.streams.run.StreamsApp;
import io.streamcast.trainer.SeriesHistory;
import io.streamcast.trainer.service.TrainerConfig;
import io.streamcast.trainer.service.TrainerService;
import io.streamcast.trainer.training.TrainerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
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

    @Option(names = "--speed", defaultValue = "3600x", description = "Live replay speed: event time runs this many "
            + "times faster than the wall clock (e.g. 600x), or max (default ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--duration", defaultValue = "120s", description = "Stop after this long at the latest "
            + "(e.g. 90s, 5m; default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port for /metrics, /health, /forecast/{series} "
            + "(0 = any free port; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--report", paramLabel = "out.json", description = "Write the run's report as JSON.")
    Path report;

    @Option(names = "--plot", paramLabel = "out.png", description = "Write actual vs forecast for a few series.")
    Path plot;

    /** --horizon and --season (default: from the data's spacing), --window, --coverage, --max-gap-fill. */
    @Mixin
    ForecastOptions forecast = ForecastOptions.shapeChosen("from the data's spacing");

    @Option(names = "--train-seconds", defaultValue = "20", description = "Budget of one training run (default ${DEFAULT-VALUE}).")
    int trainSeconds;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the observations topic (default ${DEFAULT-VALUE}).")
    int partitions;

    private final long started = System.nanoTime();
    /** The demo signs its models: a fresh key per run, shared by its trainer and streams-app. */
    private final ModelTrust modelTrust = ModelTrust.signed(java.util.UUID.randomUUID().toString());
    private final AtomicLong forecastsOut = new AtomicLong();
    private final AtomicLong dlq = new AtomicLong();
    private final Set<String> versions = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

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

        Path stateDir = Files.createTempDirectory("streamcast-demo-state-");
        PrometheusMeterRegistry registry = StreamsApp.prometheusRegistry();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            System.out.println("bootstrap=" + broker.bootstrapServers());
            StreamsAppConfig appConfig = StreamsAppConfig.defaults(broker.bootstrapServers()).withForecast(settings)
                    .withStateDir(stateDir).withApplicationId("streamcast-demo").withModelTrust(modelTrust)
                    // files recorded months apart share one stream time: the default 7-day idle TTL would expire
                    // the earlier series as soon as a later one starts
                    .withKeyTtl(Duration.ofDays(3650), Duration.ofDays(1));
            createTopics(broker.bootstrapServers(), appConfig.topics());
            // this host only; a token only when STREAMCAST_HTTP_TOKEN is set
            HttpSettings httpSettings = HttpSettings.fromEnvironment("127.0.0.1", port);
            try (StreamsAppHttpServer http = new StreamsAppHttpServer(httpSettings, registry::scrape);
                 StreamsApp app = new StreamsApp(appConfig.withApplicationServer("127.0.0.1:" + http.port()),
                         registry, httpSettings.token())) {
                app.start();
                http.serve(app.queries(), app.health()::check);
                awaitRunning(app.streams());
                System.out.println("http=http://127.0.0.1:" + http.port());
                if (httpSettings.token() != null) {
                    say("demo: the API needs the token of %s (Authorization: Bearer); open the page as "
                            + "http://127.0.0.1:%d/#token=<the token>", BearerToken.ENV, http.port());
                }
                return run(broker.bootstrapServers(), settings, appConfig, registry, rows, valid, deadline);
            }
        } finally {
            deleteTree(stateDir);
        }
    }

    private int run(String bootstrap, ForecastSettings settings, StreamsAppConfig appConfig,
                    PrometheusMeterRegistry registry, List<ReplayRecords.Row> rows,
                    CsvSeries.Result valid, long deadline) throws Exception {
        List<SeriesHistory> series = valid.series();
        RollingProtocol scorer = new RollingProtocol(series, settings.horizon(), settings.season());
        Map<String, Integer> seriesIndex = new HashMap<>();
        List<Map<Long, Integer>> originIndex = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            seriesIndex.put(series.get(i).seriesId(), i);
            Map<Long, Integer> byTime = new HashMap<>();
            long[] ts = series.get(i).timestamps();
            for (int t = 0; t < ts.length; t++) {
                byTime.put(ts[t], t);
            }
            originIndex.add(byTime);
        }
        // the step-1 forecasts of the last 240 points of up to 3 series, for the plot
        List<PlotSeries.Builder> plotted = new ArrayList<>();
        for (SeriesHistory s : series.subList(0, Math.min(3, series.size()))) {
            plotted.add(new PlotSeries.Builder(s, Math.max(0, s.size() - 240), s.size()));
        }

        int historyRows = rows.size() / 2;
        long historyValid = rows.subList(0, historyRows).stream().filter(ReplayRecords.Row::valid).count();
        // the same training settings as evaluate's (docs/accuracy.md), including its 96 validation origins
        TrainerSettings training = TrainerSettings.defaults().withMaxTrainTime(Duration.ofSeconds(trainSeconds));
        TrainerConfig trainerConfig = TrainerConfig.defaults(bootstrap, settings).withTraining(training)
                // the first round trains on the whole history, so what it sees does not depend on timing (with
                // 9/10 it started anywhere between 90 and 100 % and promoted in some runs and not in others);
                // history with duplicates falls short of this and trains once the live half tops it up
                .withSchedule(Math.max(500, rows.size() / 4), Duration.ofSeconds(30), Math.max(1, historyValid))
                .withModelTrust(appConfig.modelTrust());
        AtomicBoolean stopCounting = new AtomicBoolean();
        ForecastCodec codec = new ForecastCodec();
        Thread counter = new Thread(() -> countOutputs(bootstrap, appConfig.topics(), stopCounting, record -> {
            Forecast f = codec.decode(record.value());
            versions.add(f.modelVersion());
            Integer s = seriesIndex.get(f.seriesId());
            if (s != null) {
                Integer o = originIndex.get(s).get(f.originMillis());
                if (o != null) {
                    scorer.offer(s, o, f);
                    if (s < plotted.size()) {
                        plotted.get(s).put(o + 1, f.points().get(0));
                    }
                }
            }
        }), "demo-output-counter");
        counter.start();

        Counter duplicates = registry.counter("streamcast.duplicates");
        long sentTotal;
        long failedSends;
        String firstFailure;
        List<Map<String, Object>> decisions;
        try (TrainerService trainer = new TrainerService(trainerConfig, this::say, registry);
             Replayer replayer = new Replayer(KafkaConnection.plaintext(bootstrap),
                     appConfig.topics().observations())) {
            trainer.start();
            Thread progress = new Thread(() -> progressLoop(replayer, trainer, registry, duplicates, rows.size(), deadline),
                    "demo-progress");
            progress.setDaemon(true);
            progress.start();
            AtomicBoolean timeUp = new AtomicBoolean();
            java.util.function.BooleanSupplier stop = () -> {
                timeUp.set(System.nanoTime() > deadline);
                return timeUp.get();
            };
            say("demo: replaying the first %d rows as history (max speed)", historyRows);
            replayer.send(rows, 0, historyRows, 0, 0, stop, null);
            long waitUntil = Math.min(deadline, System.nanoTime() + (deadline - System.nanoTime()) * 2 / 5);
            while (trainer.decisions().isEmpty() && System.nanoTime() < waitUntil) {
                Thread.sleep(200);
            }
            say("demo: replaying the remaining %d rows live at %s", rows.size() - historyRows, speed);
            replayer.send(rows, historyRows, rows.size(), Speed.parse(speed), 0, stop, null);
            // records the broker acknowledged: a failed send is not an input, so it is not in records_in
            sentTotal = replayer.delivered();
            failedSends = replayer.failed();
            firstFailure = replayer.firstFailure();
            // wait until every record delivered is a forecast, a dead letter or a counted duplicate
            long drainUntil = Math.max(deadline, System.nanoTime()) + Duration.ofSeconds(30).toNanos();
            while (forecastsOut.get() + dlq.get() + (long) duplicates.count() < sentTotal
                    && System.nanoTime() < drainUntil) {
                Thread.sleep(100);
            }
            decisions = trainer.decisions();
            printProgress(replayer, trainer, registry, duplicates, rows.size());
        } finally {
            stopCounting.set(true);
            counter.join(10_000);
        }

        long dups = (long) duplicates.count();
        BaselineComparison.Result scores = scorer.result();
        MetricSummary model = scores.model();
        MetricSummary naive = scores.naive();
        MetricSummary snaive = scores.seasonalNaive();
        double seconds = (System.nanoTime() - started) / 1e9;
        say("demo: done in %.0f s: records_in=%d forecasts_out=%d dlq=%d duplicates=%d (identity %s); versions %s",
                seconds, sentTotal, forecastsOut.get(), dlq.get(), dups,
                sentTotal == forecastsOut.get() + dlq.get() + dups ? "holds" : "BROKEN", versions);
        say("demo: MASE model %.3f, naive %.3f, seasonal naive %.3f over %d scored forecasts; coverage %.3f",
                model.mase(), naive.mase(), snaive.mase(), scores.origins(), model.coverage());
        if (report != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("records_in", sentTotal);
            r.put("forecasts_out", forecastsOut.get());
            r.put("dlq", dlq.get());
            r.put("duplicates", dups);
            r.put("failed_sends", failedSends);
            r.put("model_versions", List.copyOf(versions));
            r.put("metrics", ReportWriter.metrics(model, naive, snaive));
            r.put("scored_forecasts", scores.origins());
            r.put("horizon", settings.horizon());
            r.put("season", settings.season());
            r.put("decisions", decisions);
            r.put("seconds", Math.round(seconds * 10) / 10.0);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), r);
            say("report: %s", report);
        }
        if (plot != null) {
            List<PlotSeries> panels = plotted.stream().map(PlotSeries.Builder::build).toList();
            PlotWriter.write(panels, "streamcast demo (step-1 forecasts)", plot);
            say("plot: %s", plot);
        }
        if (failedSends > 0) {
            System.err.printf("demo: %d of %d records were not delivered to the embedded broker (not counted in "
                    + "records_in); the first failure: %s%n", failedSends, rows.size(), firstFailure);
            return 1;
        }
        return 0;
    }

    /** Reads forecasts (read_committed) and dead letters from the beginning and counts them. */
    private void countOutputs(String bootstrap, Topics topics, AtomicBoolean stop,
                              java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> onForecast) {
        TopicReader.follow(KafkaConnection.plaintext(bootstrap).readCommittedConsumer(),
                List.of(topics.forecasts(), topics.deadLetters()), Duration.ofMillis(200), stop::get, r -> {
                    if (r.topic().equals(topics.forecasts())) {
                        forecastsOut.incrementAndGet();
                        onForecast.accept(r);
                    } else {
                        dlq.incrementAndGet();
                    }
                });
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
                replayer.failed() == 0 ? "" : " (failed " + replayer.failed() + ")", forecastsOut.get(), dlq.get(),
                (long) duplicates.count(), trainer.champion() == null ? "baseline" : trainer.champion().version(),
                trainer.training() ? " (training)" : "", scored == 0 ? Double.NaN : model / scored,
                scored == 0 ? Double.NaN : baseline / scored);
    }

    private static double sum(PrometheusMeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private void createTopics(String bootstrap, Topics topics) throws Exception {
        try (Admin admin = Admin.create(KafkaConnection.plaintext(bootstrap).admin())) {
            TopicSetup.ensure(admin, topics, partitions, (short) 1);
        }
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < until) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("streams-app failed to start: " + streams.state());
            }
            Thread.sleep(100);
        }
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

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (Exception e) {
            // temp state; best effort
        }
    }
}
