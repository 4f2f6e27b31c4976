package io.streamcast.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.trainer.service.ModelTopics;
import io.streamcast.trainer.service.TrainerConfig;
import io.streamcast.trainer.service.TrainerService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The trainer's Kafka client properties (--kafka-config, --config, STREAMCAST_KAFKA_*) reach each of its clients,
 * and cannot turn off what it depends on (model list, model rollback and replay: the CLI's
 * KafkaClientPropertiesTest; streams-app: StreamsAppCommandKafkaTest).
 */
class TrainerCommandKafkaTest {
    private static final Map<String, String> PLAIN_ENV = Map.of("STREAMCAST_KAFKA_SASL_MECHANISM", "PLAIN");

    @TempDir
    Path dir;

    /** Producer, history consumer, admin, champion reader. */
    private static List<Properties> clients(Map<String, String> env, String... args) {
        TrainerCommand command = new TrainerCommand();
        new CommandLine(command).parseArgs(args);
        command.kafka.environment(env);
        TrainerConfig config = command.toConfig();
        return List.of(TrainerService.producerProperties(config), TrainerService.consumerProperties(config),
                TrainerService.adminProperties(config), ModelTopics.readerProperties(config));
    }

    @Test
    void aSaslSettingFromTheEnvironmentReachesEveryClient() {
        assertThat(clients(PLAIN_ENV, "--bootstrap", "k:9093", "--allow-unsigned")).allSatisfy(p -> assertThat(p)
                .containsEntry("sasl.mechanism", "PLAIN").containsEntry("bootstrap.servers", "k:9093"));
    }

    @Test
    void saslSettingsFromTheFileReachEveryClientUnderEitherFlag() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "sasl.mechanism=SCRAM-SHA-512\nsecurity.protocol=SASL_SSL\n");
        for (String flag : new String[] {"--kafka-config", "--config"}) {
            // the file also overrides the environment's sasl.mechanism
            assertThat(clients(PLAIN_ENV, "--bootstrap", "k:9093", "--allow-unsigned", flag, file.toString()))
                    .as(flag).allSatisfy(p -> assertThat(p).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                            .containsEntry("security.protocol", "SASL_SSL")
                            .containsEntry("bootstrap.servers", "k:9093"));
        }
    }

    @Test
    void thePassThroughCannotTurnOffWhatTheTrainerDependsOn() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "enable.idempotence=false\nacks=1\nisolation.level=read_uncommitted\n"
                + "group.id=other\nmax.request.size=1000\n");
        List<Properties> trainer = clients(Map.of(), "--allow-unsigned", "--kafka-config", file.toString());
        assertThat(trainer.get(0)).containsEntry("enable.idempotence", "true").containsEntry("acks", "all")
                .containsEntry("max.request.size", Integer.toString(8 << 20));
        // the history reader is in no group and commits nothing: every start reads the whole topic
        assertThat(trainer.get(1)).containsEntry("isolation.level", "read_committed")
                .doesNotContainKey("group.id").containsEntry("enable.auto.commit", "false");
        assertThat(trainer.get(3)).containsEntry("isolation.level", "read_committed");
    }

    @Test
    void conflictingBootstrapServersAreRefused() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=prod:9092\n");
        assertThatThrownBy(() -> clients(Map.of(), "--bootstrap", "k:9093", "--allow-unsigned", "--kafka-config",
                file.toString())).hasMessageContaining("bootstrap.servers=prod:9092 from --kafka-config");
    }
}
