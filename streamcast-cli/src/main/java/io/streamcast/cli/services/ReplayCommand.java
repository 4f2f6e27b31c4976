package io.streamcast.cli.services;

import io.streamcast.cli.data.DataFiles;
import io.streamcast.cli.replay.ReplayRecords;
import io.streamcast.cli.replay.Replayer;
import io.streamcast.cli.replay.Speed;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.KafkaOptions;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.EnvironmentDefaults;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamcast replay}: sends a CSV file to a topic in event-time order, paced. Its options read the
 * environment as the services' do ({@link EnvironmentDefaults}): {@code --observations-topic}'s variable is
 * streams-app's.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, defaultValueProvider = EnvironmentDefaults.class,
        description = {"Replay CSV rows to a Kafka topic in event-time order.",
                "Across all series, with the event time as record timestamp (idempotent producer). Rows that are",
                "not valid observations are sent too, so streams-app dead-letters them with the reason.",
                "Prints replayed=N failed=F (records delivered, records not delivered); exits 1 when F > 0."})
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** --bootstrap, --kafka-config (alias --config) and STREAMCAST_KAFKA_* client properties. */
    @Mixin
    KafkaOptions kafka;

    @Option(names = {"--topic", "--observations-topic"}, paramLabel = "TOPIC",
            defaultValue = TopicNames.DEFAULT_OBSERVATIONS,
            description = "Target topic (as streams-app's and the trainer's --observations-topic; default "
                    + "${DEFAULT-VALUE}).")
    String topic;

    @Option(names = {"--data", "--file"}, required = true, paramLabel = "FILE.csv",
            description = "'series,timestamp,value' or 'timestamp,value' (series = file name). Repeatable. "
                    + "--data as in demo and evaluate; --file is its older name.")
    List<Path> files;

    @Option(names = "--speed", defaultValue = "max", description = "Event time per wall time, e.g. 60x, or max "
            + "(default ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--rate", defaultValue = "0", description = "At most this many records per second (0 = no cap).")
    double rate;

    @Override
    public Integer call() throws Exception {
        DataFiles.readable(spec, files);
        double pace = Speed.parse(speed);
        KafkaConnection connection = kafka.connection();
        try (Admin admin = Admin.create(adminProperties(connection))) {
            if (!admin.listTopics().names().get(20, TimeUnit.SECONDS).contains(topic)) {
                throw new IllegalStateException("topic '" + topic + "' does not exist on "
                        + connection.bootstrapServers());
            }
        }
        List<ReplayRecords.Row> rows = ReplayRecords.read(files);
        long bad = rows.stream().filter(r -> !r.valid()).count();
        System.err.printf("replay: %d rows (%d not valid observations) to %s at %s%n", rows.size(), bad, topic, speed);
        try (Replayer replayer = new Replayer(connection, topic)) {
            replayer.send(rows, 0, rows.size(), pace, rate, () -> false, sent -> System.err.print(bar(sent, rows.size())));
            System.err.print(bar(replayer.sent(), rows.size()));
            System.err.println();
            System.out.println("replayed=" + replayer.delivered() + " failed=" + replayer.failed());
            if (replayer.failed() > 0) {
                System.err.println("replay: " + replayer.failed() + " of " + replayer.sent() + " records were not "
                        + "delivered; the first failure: " + replayer.firstFailure());
                return 1;
            }
        }
        return 0;
    }

    /**
     * The admin client that checks the topic: short timeouts (request 10 s, API call 15 s) unless the pass-through
     * properties set either (the admin client refuses an API timeout shorter than the request timeout).
     */
    static Properties adminProperties(KafkaConnection kafka) {
        Properties p = kafka.admin();
        if (!p.containsKey(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG)
                && !p.containsKey(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)) {
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        }
        return p;
    }

    private static String bar(long done, long total) {
        int width = 40;
        int filled = (int) (width * done / Math.max(1, total));
        return String.format("\rreplay: [%s%s] %d/%d", "#".repeat(filled), " ".repeat(width - filled), done, total);
    }
}
