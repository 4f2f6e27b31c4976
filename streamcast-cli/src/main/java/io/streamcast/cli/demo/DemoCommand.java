package io.streamcast.cli.demo;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.cli.Home;
import io.streamcast.cli.OutputFileOptions;
import io.streamcast.cli.data.CsvSeries;
import io.streamcast.cli.data.DataFiles;
import io.streamcast.cli.data.GroupData;
import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.replay.Speed;
import io.streamcast.cli.stack.LocalStack;
import io.streamcast.cli.stack.StackOptions;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.http.HttpSettings;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.ForecastOptions;
import io.streamcast.options.ServiceMetrics;
import io.streamcast.options.deployment.Deployment;
import io.streamcast.options.deployment.DeploymentArgument;
import io.streamcast.options.deployment.ForecastGroup;
import io.streamcast.trainer.service.TrainerConfig;
import io.streamcast.trainer.training.TrainerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
 *
 * <p>By default it runs the bundled deployment ({@value #BUNDLED_DEPLOYMENT}): two forecast groups, 5-minute
 * machine sensors and daily stock trading volumes, each on its own topic with its own shape and model. {@code --data FILE}
 * runs one group of the given files instead (its shape from the data's spacing, or the shape flags), and
 * {@code --deployment FILE --data TOPIC=FILE} any deployment. The services are a {@link LocalStack}; this command
 * plans the groups and the stack, {@link DemoRun} replays and counts, {@link DemoReport} reports.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run everything locally: embedded Kafka, streams-app, model-trainer, replay of real data.",
                "By default two forecast groups (config/deployment.yaml), each with its own topic and model:",
                "the bundled NAB sensors every 5 minutes (H=12, m=288) and the bundled daily trading volumes of",
                "five stocks (H=5, m=5). --data FILE.csv alone: one group of your files, shaped by --horizon,",
                "--season etc.",
                "Prints bootstrap=HOST:PORT and http=URL when ready, progress every few seconds, a summary at",
                "the end."})
public final class DemoCommand implements Callable<Integer> {
    static final String BUNDLED_DEPLOYMENT = "config/deployment.yaml";
    /** The bundled deployment's data, each file for the input topic its group reads. */
    static final List<String> BUNDLED_DATA = List.of("sensor-readings=data/nab/ec2_cpu_utilization_24ae8d.csv",
            "sensor-readings=data/nab/rds_cpu_utilization_cc0c53.csv",
            "sensor-readings=data/nab/elb_request_count_8c0756.csv", "stock-volumes=data/stocks/stock_volumes_daily_long.csv");

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "[TOPIC=]FILE.csv", description = {"CSV files to replay, "
            + "'series,timestamp,value' or 'timestamp,value'. Repeatable.",
        "Without --deployment: one forecast group of these files. With it: TOPIC=FILE.csv replays the file into "
            + "TOPIC, read by the group whose input it is (a plain FILE.csv when the deployment has one group).",
        "Default: the bundled deployment's data (NAB sensors -> sensor-readings, stock volumes -> stock-volumes)."})
    List<String> data;

    @Option(names = "--deployment", paramLabel = "FILE", description = "The forecast groups to run (docs/"
            + "configuration.md; default: " + BUNDLED_DEPLOYMENT + " when no --data is given).")
    Path deployment;

    @Option(names = "--speed", defaultValue = "7200x", description = "Live replay speed of the first group: event "
            + "time runs this many times faster than the wall clock (e.g. 600x; other groups are paced so that their "
            + "live half lasts as long), or max: no pacing, the live half sent in 3 slices, each once the trainer "
            + "has decided on the rows before it (default ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--duration", description = "Stop after this long at the latest (e.g. 90s, 5m; default 120s "
            + "for one group, 180s for more: their trainers take turns).")
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

    @Option(names = "--train-seconds", description = "Budget of one training round (default 30 for one group, 45 for "
            + "more: on the bundled sensors a 30 s round promoted in one run of two, a 45 s one in both).")
    Integer trainSeconds;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the input topics (default ${DEFAULT-VALUE}).")
    int partitions;

    private final long started = System.nanoTime();
    /** The demo signs its models: a fresh key per run, shared by its trainer and streams-app. */
    private final ModelTrust modelTrust = ModelTrust.signed(java.util.UUID.randomUUID().toString());

    @Override
    public Integer call() throws Exception {
        double liveSpeed = Speed.parse(speed); // fail fast on a bad value
        Deployment groupsFile = deployment();
        List<DemoGroup> groups = groupsFile == null ? List.of(oneGroup()) : groups(groupsFile);
        for (DemoGroup g : groups) {
            say("demo: %s%d rows of %d series from %s; H=%d, m=%d, W=%d, step %s",
                    groups.size() > 1 ? "group " + g.name + " (topic " + g.topic + "): " : "", g.rows.size(),
                    g.valid.series().size(), g.files, g.settings.horizon(), g.settings.season(),
                    g.settings.window(), g.settings.defaultStep());
        }
        Duration limit = duration != null ? duration : Duration.ofSeconds(groups.size() > 1 ? 180 : 120);
        long deadline = started + limit.toNanos();
        PrometheusMeterRegistry registry = ServiceMetrics.prometheusRegistry();
        try (LocalStack stack = LocalStack.start(stackOptions(groupsFile, groups, registry))) {
            DemoRun run = new DemoRun(stack, groups, registry, started, deadline);
            DemoRun.Result result = run.replay(liveSpeed, speed);
            return new DemoReport(groups, started).finish(result, report.path(), plot.path());
        }
    }

    /** The deployment to run: --deployment, the bundled one when there is no --data, or none (one group). */
    private Deployment deployment() {
        Path file = deployment != null ? deployment : data == null || data.isEmpty() ? Home.resolve(BUNDLED_DEPLOYMENT)
                : null;
        if (file == null) {
            return null;
        }
        return DeploymentArgument.read(spec.commandLine(), deployment != null ? "--deployment" : "the deployment",
                file, forecast.given(), file + " sets each group's shape; give --data FILE.csv for one group with "
                        + "your own shape");
    }

    /** Without a deployment: the --data files as one group, its shape from their spacing or the shape flags. */
    private DemoGroup oneGroup() throws IOException {
        for (String d : data) {
            if (GroupData.Entry.parse(d).topic() != null) {
                throw new ParameterException(spec.commandLine(), "--data " + d + " names a topic: give --deployment "
                        + "FILE with the group reading it");
            }
        }
        List<Path> files = DataFiles.readable(spec, data.stream().map(Path::of).toList());
        List<ReplayRecords.Row> rows = ReplayRecords.read(files);
        CsvSeries.Result valid = CsvSeries.read(files);
        if (rows.isEmpty() || valid.series().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no rows to replay in " + files);
        }
        ForecastSettings settings = forecast.settings(DemoSettings.choose(valid.series(), forecast.horizon(),
                forecast.season()));
        return new DemoGroup(ForecastGroup.DEFAULT, TopicNames.defaults().observations(), settings, files, rows,
                valid);
    }

    /** The deployment's groups that have data, each with its files replayed into one of its input topics. */
    private List<DemoGroup> groups(Deployment groupsFile) throws IOException {
        List<String> given = data == null || data.isEmpty() ? BUNDLED_DATA.stream().map(DemoCommand::bundled).toList()
                : data;
        List<GroupData.Entry> entries = given.stream().map(GroupData.Entry::parse).toList();
        DataFiles.readable(spec, entries.stream().map(GroupData.Entry::file).toList());
        Map<ForecastGroup, List<GroupData.Entry>> byGroup;
        try {
            byGroup = GroupData.assignEntries(groupsFile, entries);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<DemoGroup> groups = new ArrayList<>();
        for (Map.Entry<ForecastGroup, List<GroupData.Entry>> e : byGroup.entrySet()) {
            ForecastGroup g = e.getKey();
            List<String> topics = e.getValue().stream().map(x -> x.topic() != null ? x.topic()
                    : g.inputTopics().isEmpty() ? null : g.inputTopics().get(0)).distinct().toList();
            if (topics.size() != 1 || topics.get(0) == null) {
                throw new ParameterException(spec.commandLine(), "group " + g.name() + ": the demo replays a group's "
                        + "files into one of its input topics; name it, as --data TOPIC=FILE.csv, the same for each");
            }
            List<Path> files = e.getValue().stream().map(GroupData.Entry::file).toList();
            List<ReplayRecords.Row> rows = ReplayRecords.read(files);
            CsvSeries.Result valid = CsvSeries.read(files);
            if (rows.isEmpty() || valid.series().isEmpty()) {
                throw new ParameterException(spec.commandLine(), "no rows to replay in " + files);
            }
            groups.add(new DemoGroup(g.name(), topics.get(0), g.forecast(), files, rows, valid));
        }
        if (groups.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no group of the deployment has data to replay");
        }
        return groups;
    }

    /** A bundled {@code TOPIC=FILE} with the file under the streamcast home. */
    private static String bundled(String topicAndFile) {
        int eq = topicAndFile.indexOf('=');
        return topicAndFile.substring(0, eq + 1) + Home.resolve(topicAndFile.substring(eq + 1));
    }

    /**
     * The demo's stack: an embedded broker, the groups' topics with --partitions, streams-app with its API on
     * --port, and the trainer (a model per group), whose models are signed with this run's key. Prints
     * {@code bootstrap=} once the broker is up and {@code http=} once streams-app runs.
     */
    private StackOptions stackOptions(Deployment groupsFile, List<DemoGroup> groups,
                                      PrometheusMeterRegistry registry) {
        // the same training settings as evaluate's (docs/accuracy.md), including its 96 validation origins
        int budget = trainSeconds != null ? trainSeconds : groups.size() > 1 ? 45 : 30;
        TrainerSettings training = TrainerSettings.defaults().withMaxTrainTime(Duration.ofSeconds(budget));
        // this host only; a token only when STREAMCAST_HTTP_TOKEN is set
        HttpSettings httpSettings = HttpSettings.fromEnvironment("127.0.0.1", port);
        StackOptions options = StackOptions.embedded().withTopics(TopicNames.defaults(), partitions)
                .withForecast(groups.get(0).settings, modelTrust)
                // files recorded months apart share one stream time: the default 7-day idle TTL would expire
                // the earlier series as soon as a later one starts
                .withStreamsApp(c -> c.withApplicationId("streamcast-demo")
                        .withKeyTtl(Duration.ofDays(3650), Duration.ofDays(1)), httpSettings)
                // the first round trains on the whole history, so what it sees does not depend on timing (with
                // 9/10 it started anywhere between 90 and 100 % and promoted in some runs and not in others);
                // history with duplicates falls short of this and trains once the live half tops it up
                .withTrainer(c -> schedule(c.withTraining(training), group(groups, c)), null)
                .withMeters(registry).withListener(new ReadyLines(httpSettings));
        return groupsFile == null ? options : options.withDeployment(groupsFile);
    }

    private static DemoGroup group(List<DemoGroup> groups, TrainerConfig c) {
        return groups.stream().filter(g -> g.name.equals(c.servedGroup())).findFirst().orElse(groups.get(0));
    }

    /**
     * A group's rounds: the first once its whole history is in; then every quarter of its rows (at least 500) or
     * 30 s with new points; at max speed every slice ({@link DemoReplay}), so a round starts once a whole slice is
     * in (by time, a round was due at the first record after 30 s and started on the data of the round before).
     */
    private TrainerConfig schedule(TrainerConfig c, DemoGroup g) {
        boolean max = Speed.parse(speed) == 0;
        long every = max ? DemoReplay.smallestSliceValid(g.rows) : Math.max(500, g.rows.size() / 4);
        return c.withSchedule(every, max ? Duration.ofDays(1) : Duration.ofSeconds(30), Math.max(1, g.historyValid()));
    }

    private void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
