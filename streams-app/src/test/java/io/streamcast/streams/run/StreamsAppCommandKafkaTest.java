package io.streamcast.streams.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.streams.config.StreamsAppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static Properties[] clients(StreamsAppConfig config) {
        return new Properties[] {config.toStreamsProperties(), config.adminProperties()};
    }

    @Test
    void aSaslSettingFromTheEnvironmentReachesEveryClient() {
        StreamsAppConfig config = parse(Map.of("STREAMCAST_KAFKA_SASL_MECHANISM", "PLAIN"), "--bootstrap", "k:9093");
        for (Properties p : clients(config)) {
            assertThat(p).containsEntry("sasl.mechanism", "PLAIN").containsEntry("bootstrap.servers", "k:9093");
        }
    }

    @Test
    void saslSettingsFromTheFileReachEveryClientUnderEitherFlag() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "sasl.mechanism=SCRAM-SHA-512\nsecurity.protocol=SASL_SSL\n");
        for (String flag : new String[] {"--kafka-config", "--config"}) {
            StreamsAppConfig config = parse(Map.of(), "--bootstrap", "k:9093", flag, file.toString());
            for (Properties p : clients(config)) {
                assertThat(p).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                        .containsEntry("security.protocol", "SASL_SSL").containsEntry("bootstrap.servers", "k:9093");
            }
        }
    }

    @Test
    void theApplicationIdIsTheFlagsAndThePassThroughTunesStreams() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "application.id=from-file\nproducer.linger.ms=5\n");
        StreamsAppConfig config = parse(Map.of(), "--bootstrap", "k:9093", "--application-id", "mine",
                "--kafka-config", file.toString());
        assertThat(config.toStreamsProperties()).containsEntry("application.id", "mine")
                .containsEntry("producer.linger.ms", "5").containsEntry("processing.guarantee", "exactly_once_v2");
        assertThat(config.adminProperties()).doesNotContainKey("application.id");
    }
}
