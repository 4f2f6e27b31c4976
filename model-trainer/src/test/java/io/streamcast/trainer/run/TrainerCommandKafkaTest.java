package io.streamcast.trainer.run;

import static io.streamcast.kafka.client.KafkaClientsContract.BOOTSTRAP;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.kafka.client.KafkaClientsContract;
import io.streamcast.trainer.service.TrainerClients;
import io.streamcast.trainer.service.TrainerConfig;
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
 * and cannot turn off what it depends on.
 */
class TrainerCommandKafkaTest {
    @TempDir
    Path dir;

    /** Publisher, history consumer, admin, model reader, election consumer. */
    private static List<Properties> clients(Map<String, String> env, String... args) {
        TrainerCommand command = new TrainerCommand();
        new CommandLine(command).parseArgs(KafkaClientsContract.with(args, "--allow-unsigned"));
        command.kafka.environment(env);
        TrainerConfig config = command.toConfig();
        return List.of(TrainerClients.publisher(config), TrainerClients.historyConsumer(config),
                TrainerClients.admin(config), TrainerClients.modelReader(config),
                TrainerClients.electionConsumer(config));
    }

    @Test
    void clientPropertiesReachEveryClientFromTheEnvironmentOrTheFile() {
        KafkaClientsContract.environmentReachesEveryClient(TrainerCommandKafkaTest::clients, "--bootstrap", BOOTSTRAP);
        KafkaClientsContract.fileReachesEveryClientUnderEitherFlag(TrainerCommandKafkaTest::clients, dir,
                "--bootstrap", BOOTSTRAP);
        KafkaClientsContract.otherBootstrapServersAreRefused(TrainerCommandKafkaTest::clients, dir,
                "--bootstrap", BOOTSTRAP);
    }

    @Test
    void thePassThroughCannotTurnOffWhatTheTrainerDependsOn() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "enable.idempotence=false\nacks=1\nisolation.level=read_uncommitted\n"
                + "group.id=other\nmax.request.size=1000\n");
        List<Properties> trainer = clients(Map.of(), "--kafka-config", file.toString());
        assertThat(trainer.get(0)).containsEntry("enable.idempotence", "true").containsEntry("acks", "all")
                .containsEntry("max.request.size", Integer.toString(8 << 20));
        // the history reader is in no group and commits nothing: every start reads the whole topic
        assertThat(trainer.get(1)).containsEntry("isolation.level", "read_committed")
                .doesNotContainKey("group.id").containsEntry("enable.auto.commit", "false");
        assertThat(trainer.get(3)).containsEntry("isolation.level", "read_committed");
        // the election's group is the model's, whatever group the pass-through names; a new leader fences the
        // last one through the shared transactional id
        assertThat(trainer.get(4)).containsEntry("group.id", "streamcast-trainer-model-updates-streamcast-lstm")
                .containsEntry("partition.assignment.strategy",
                        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        assertThat(trainer.get(0)).containsEntry("transactional.id", "streamcast-trainer-model-updates-streamcast-lstm");
    }

    @Test
    void theHistoryConsumerSaysWhoseItIsUnlessTheUserNamesIt() throws Exception {
        // in no group, Kafka would call it "consumer-null-N": the dashboard finds the trainer's lag by client_id
        Properties first = clients(Map.of()).get(1);
        Properties second = clients(Map.of()).get(1);
        assertThat(first.getProperty("client.id")).startsWith("streamcast-trainer-history-streamcast-lstm-");
        assertThat(second.getProperty("client.id")).isNotEqualTo(first.getProperty("client.id"));
        Path file = dir.resolve("named.properties");
        Files.writeString(file, "client.id=ours\n");
        assertThat(clients(Map.of(), "--kafka-config", file.toString()).get(1)).containsEntry("client.id", "ours");
    }
}
