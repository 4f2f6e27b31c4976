package io.streamcast.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.cli.replay.ReplayRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamcast replay} as a process on a real broker: its output line and exit code, and client properties
 * from {@code --kafka-config} and {@code STREAMCAST_KAFKA_*} reaching its producer (a {@code max.request.size}
 * too small for any record makes every send fail).
 */
class ReplayCommandIntegrationTest extends OnKafkaCluster {
    private static final Path FILE = Path.of("src/test/resources/malformed.csv");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private Run replay(Map<String, String> env, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.streamcast.cli.StreamcastCli", "replay", "--bootstrap", cluster.bootstrapServers(),
                "--topic", "cmd-observations", "--file", FILE.toString()));
        command.addAll(List.of(extra));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("STREAMCAST_KAFKA_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("replay finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out), withoutJvmNotices(Files.readString(err)));
    }

    /**
     * stderr without the JVM's own "Picked up JAVA_TOOL_OPTIONS: ..." lines (also for _JAVA_OPTIONS and
     * JDK_JAVA_OPTIONS), which a container or CI image that sets those variables puts before the command's output.
     */
    private static String withoutJvmNotices(String err) {
        return err.lines().filter(l -> !l.matches("Picked up [A-Z_]+: .*"))
                .map(l -> l + "\n").reduce("", String::concat);
    }

    private static long records() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of("cmd-observations")).allTopicNames().get().get("cmd-observations")
                    .partitions().forEach(p -> latest.put(new TopicPartition("cmd-observations", p.partition()),
                            OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    @Test
    void replayReportsDeliveredAndFailedRecordsAndFailsWhenAnySendFailed() throws Exception {
        int rows = ReplayRecords.read(List.of(FILE)).size();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("cmd-observations", 2, (short) 1))).all().get();
        }

        Path ok = dir.resolve("ok.properties");
        Files.writeString(ok, "client.id=replay-it\n");
        Run delivered = replay(Map.of(), "--kafka-config", ok.toString());
        assertThat(delivered.exit()).as(delivered.err()).isZero();
        assertThat(delivered.out()).isEqualTo("replayed=" + rows + " failed=0\n");
        assertThat(records()).isEqualTo(rows);

        Path tooSmall = dir.resolve("small.properties");
        Files.writeString(tooSmall, "max.request.size=1\n");
        Run fromFile = replay(Map.of(), "--kafka-config", tooSmall.toString());
        assertThat(fromFile.exit()).isEqualTo(1);
        assertThat(fromFile.out()).isEqualTo("replayed=0 failed=" + rows + "\n");
        assertThat(fromFile.err()).contains("replay: " + rows + " of " + rows + " records were not delivered; "
                + "the first failure: RecordTooLargeException");

        Run fromEnv = replay(Map.of("STREAMCAST_KAFKA_MAX_REQUEST_SIZE", "1"));
        assertThat(fromEnv.exit()).isEqualTo(1);
        assertThat(fromEnv.out()).isEqualTo("replayed=0 failed=" + rows + "\n");

        // the file wins over the environment; --config is the same option
        Path big = dir.resolve("big.properties");
        Files.writeString(big, "max.request.size=1048576\n");
        Run fileOverrides = replay(Map.of("STREAMCAST_KAFKA_MAX_REQUEST_SIZE", "1"), "--config", big.toString());
        assertThat(fileOverrides.exit()).as(fileOverrides.err()).isZero();
        assertThat(records()).isEqualTo(2L * rows);

        Run missing = replay(Map.of(), "--kafka-config", dir.resolve("missing.properties").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("streamcast replay: cannot read --kafka-config ")
                .contains("no such file").doesNotContain("\n");
    }
}
