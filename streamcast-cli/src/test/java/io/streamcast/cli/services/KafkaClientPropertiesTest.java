package io.streamcast.cli.services;

import static io.streamcast.kafka.client.KafkaClientsContract.BOOTSTRAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.cli.StreamcastCli;
import io.streamcast.cli.replay.Replayer;
import io.streamcast.kafka.client.KafkaClientsContract;
import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.trainer.service.TrainerClients;
import io.streamcast.trainer.service.TrainerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Client properties from {@code STREAMCAST_KAFKA_*} and {@code --kafka-config} reach every Kafka client of model
 * list, model rollback and replay, parsed by the real {@code streamcast} command line (streams-app and the
 * trainer: their own modules' StreamsAppCommandKafkaTest and TrainerCommandKafkaTest).
 */
class KafkaClientPropertiesTest {
    @TempDir
    Path dir;

    /** The properties of every client the command given by {@code args} creates, parsed with {@code env}. */
    private static List<Properties> clientsOf(Map<String, String> env, String... args) {
        ParseResult parsed = StreamcastCli.commandLine().parseArgs(args);
        ParseResult sub = parsed.subcommand();
        Object command = sub.commandSpec().userObject();
        if (command instanceof ModelCommand model) {
            assertThat(sub.subcommand()).as("model needs list or rollback").isNotNull();
            model.kafka.environment(env);
            TrainerConfig config = model.toConfig();
            return sub.subcommand().commandSpec().name().equals("list")
                    ? List.of(TrainerClients.modelReader(config))
                    : List.of(TrainerClients.modelReader(config), TrainerClients.producer(config));
        }
        if (command instanceof ReplayCommand replay) {
            replay.kafka.environment(env);
            KafkaConnection connection = replay.kafka.connection();
            return List.of(Replayer.producerProperties(connection), ReplayCommand.adminProperties(connection));
        }
        throw new AssertionError("no Kafka clients known for " + sub.commandSpec().name());
    }

    private static final String[][] COMMANDS = {
            {"model", "--bootstrap", BOOTSTRAP, "list"},
            {"model", "list", "--bootstrap", BOOTSTRAP},
            {"model", "--bootstrap", BOOTSTRAP, "rollback", "--to", "v1"},
            {"replay", "--bootstrap", BOOTSTRAP, "--file", "x.csv"},
    };

    @Test
    void clientPropertiesReachEveryClientOfEveryCommandFromTheEnvironmentOrTheFile() {
        for (String[] args : COMMANDS) {
            KafkaClientsContract.environmentReachesEveryClient(KafkaClientPropertiesTest::clientsOf, args);
            KafkaClientsContract.fileReachesEveryClientUnderEitherFlag(KafkaClientPropertiesTest::clientsOf, dir, args);
            KafkaClientsContract.otherBootstrapServersAreRefused(KafkaClientPropertiesTest::clientsOf, dir, args);
        }
    }

    @Test
    void thePassThroughCannotTurnOffWhatTheServicesDependOn() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "enable.idempotence=false\nacks=1\nisolation.level=read_uncommitted\n"
                + "group.id=other\nmax.request.size=1000\nlinger.ms=50\nrequest.timeout.ms=3000\n");
        String f = file.toString();
        // the trainer's clients: TrainerCommandKafkaTest
        List<Properties> replay = clientsOf(Map.of(), "replay", "--file", "x.csv", "--kafka-config", f);
        assertThat(replay.get(0)).containsEntry("enable.idempotence", "true").containsEntry("acks", "all")
                .containsEntry("linger.ms", "50"); // tuning stays the user's
        assertThat(replay.get(1)).containsEntry("request.timeout.ms", "3000")
                .doesNotContainKey("default.api.timeout.ms"); // the admin's own default, not one shorter
        List<Properties> plain = clientsOf(Map.of(), "replay", "--file", "x.csv");
        assertThat(plain.get(0)).containsEntry("linger.ms", "10");
        assertThat(plain.get(1)).containsEntry("request.timeout.ms", "10000")
                .containsEntry("default.api.timeout.ms", "15000");
    }

    @Test
    void anUnreadableFileIsOneLineAndANonZeroExit() {
        Path missing = dir.resolve("missing.properties");
        for (String[] args : new String[][] {{"trainer", "--once"}, {"model", "list"}}) {
            StringWriter err = new StringWriter();
            CommandLine cli = StreamcastCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(KafkaClientsContract.with(args, "--bootstrap", "127.0.0.1:1", "--kafka-config",
                    missing.toString()));
            assertThat(exit).as(String.join(" ", args)).isNotZero();
            assertThat(err.toString().strip()).as(String.join(" ", args))
                    .contains("cannot read --kafka-config " + missing + ": no such file").doesNotContain("\n");
        }
    }

    @Test
    void theLoopbackCommandsTakeNoClientProperties() {
        for (String command : new String[] {"demo", "broker", "bench"}) {
            assertThatThrownBy(() -> StreamcastCli.commandLine().parseArgs(command, "--kafka-config", "f"))
                    .as(command).isInstanceOf(CommandLine.UnmatchedArgumentException.class);
        }
    }
}
