package io.streamcast.streams.run;

import static io.streamcast.kafka.client.KafkaClientsContract.BOOTSTRAP;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.kafka.client.KafkaClientsContract;
import io.streamcast.streams.config.StreamsAppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** streams-app's Kafka client properties (--kafka-config, --config, STREAMCAST_KAFKA_*) reach each of its clients. */
class StreamsAppCommandKafkaTest {
    @TempDir
    Path dir;

    private static StreamsAppConfig parse(Map<String, String> env, String... args) {
        StreamsAppCommand command = new StreamsAppCommand();
        new CommandLine(command).parseArgs(args);
        command.kafka.environment(env);
        return command.toConfig();
    }

    /** Kafka Streams' properties and the admin client's (topic checks, --create-topics). */
    private static List<Properties> clients(Map<String, String> env, String... args) {
        StreamsAppConfig config = parse(env, args);
        return List.of(config.toStreamsProperties(), config.adminProperties());
    }

    @Test
    void aSaslSettingFromTheEnvironmentReachesEveryClient() {
        KafkaClientsContract.environmentReachesEveryClient(StreamsAppCommandKafkaTest::clients, "--bootstrap", BOOTSTRAP);
    }

    @Test
    void saslSettingsFromTheFileReachEveryClientUnderEitherFlag() {
        KafkaClientsContract.fileReachesEveryClientUnderEitherFlag(StreamsAppCommandKafkaTest::clients, dir,
                "--bootstrap", BOOTSTRAP);
    }

    @Test
    void theApplicationIdIsTheFlagsAndThePassThroughTunesStreams() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "application.id=from-file\nproducer.linger.ms=5\n");
        StreamsAppConfig config = parse(Map.of(), "--bootstrap", BOOTSTRAP, "--application-id", "mine",
                "--kafka-config", file.toString());
        assertThat(config.toStreamsProperties()).containsEntry("application.id", "mine")
                .containsEntry("producer.linger.ms", "5").containsEntry("processing.guarantee", "exactly_once_v2");
        assertThat(config.adminProperties()).doesNotContainKey("application.id");
    }

    @Test
    void oneStandbyReplicaByDefaultWhichThePassThroughTurnsOff() throws Exception {
        assertThat(parse(Map.of(), "--bootstrap", BOOTSTRAP).toStreamsProperties())
                .containsEntry("num.standby.replicas", "1");
        assertThat(parse(Map.of("STREAMCAST_KAFKA_NUM_STANDBY_REPLICAS", "0"), "--bootstrap", BOOTSTRAP)
                .toStreamsProperties()).containsEntry("num.standby.replicas", "0");
    }
}
