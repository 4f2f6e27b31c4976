package io.streamcast.kafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

class KafkaOptionsTest {
    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        KafkaOptions kafka;

        @Override
        public void run() {}
    }

    @Test
    void environmentNamesMapLikeTheConfluentImages() {
        assertThat(KafkaOptions.propertyName("STREAMCAST_KAFKA_SASL_JAAS_CONFIG")).isEqualTo("sasl.jaas.config");
        assertThat(KafkaOptions.propertyName("STREAMCAST_KAFKA_SECURITY_PROTOCOL")).isEqualTo("security.protocol");
        assertThat(KafkaOptions.propertyName("STREAMCAST_KAFKA_SASL_MECHANISM")).isEqualTo("sasl.mechanism");
        assertThat(KafkaOptions.propertyName("STREAMCAST_KAFKA_SOME__UNDERSCORED_NAME"))
                .isEqualTo("some_underscored.name");
        assertThat(KafkaOptions.propertyName("STREAMCAST_KAFKA_SOME___DASHED_NAME")).isEqualTo("some-dashed.name");
        assertThat(KafkaOptions.propertyName("STREAMCAST_KAFKA_A__B___C_D")).isEqualTo("a_b-c.d");
        assertThatThrownBy(() -> KafkaOptions.propertyName("STREAMCAST_BOOTSTRAP"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyPrefixedVariablesAreClientProperties() {
        Map<String, String> props = KafkaOptions.fromEnvironment(Map.of(
                "STREAMCAST_KAFKA_SASL_MECHANISM", "PLAIN",
                "STREAMCAST_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "",
                "STREAMCAST_KAFKA_", "ignored: no name",
                "STREAMCAST_BOOTSTRAP", "b:9092",
                "STREAMCAST_MODEL_KEY", "not a client property",
                "STREAMCAST_KAFKA_CONFIG", "/etc/streamcast/kafka.properties: --kafka-config's variable",
                "KAFKA_SASL_MECHANISM", "other prefix",
                "PATH", "/usr/bin"));
        assertThat(props).containsExactlyInAnyOrderEntriesOf(Map.of("sasl.mechanism", "PLAIN",
                "ssl.endpoint.identification.algorithm", ""));
    }

    @Test
    void theFileOverridesTheEnvironment() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "# a comment\nsasl.mechanism=SCRAM-SHA-512\nsecurity.protocol = SASL_SSL\n");
        KafkaConnection c = KafkaOptions.resolve("b:9092", file, Map.of(
                "STREAMCAST_KAFKA_SASL_MECHANISM", "PLAIN",
                "STREAMCAST_KAFKA_REQUEST_TIMEOUT_MS", "5000"));
        assertThat(c.bootstrapServers()).isEqualTo("b:9092");
        assertThat(c.properties()).containsExactlyInAnyOrderEntriesOf(Map.of("sasl.mechanism", "SCRAM-SHA-512",
                "security.protocol", "SASL_SSL", "request.timeout.ms", "5000"));
    }

    @Test
    void anUnreadableFileIsAOneLineError() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> KafkaOptions.resolve("b:9092", missing, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read --kafka-config " + missing + ": no such file");
        assertThatThrownBy(() -> KafkaOptions.resolve("b:9092", dir, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read --kafka-config " + dir + ": ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anUnreadableFileIsAParameterErrorOfTheCommand() {
        Probe probe = new Probe();
        CommandLine cli = new CommandLine(probe);
        Path missing = dir.resolve("nope.properties");
        cli.parseArgs("--kafka-config", missing.toString());
        assertThatThrownBy(() -> probe.kafka.connection())
                .isInstanceOf(ParameterException.class)
                .hasMessage("cannot read --kafka-config " + missing + ": no such file");

        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine failing = new CommandLine(new Runnable() {
            @Mixin
            KafkaOptions kafka;

            @Override
            public void run() {
                kafka.connection();
            }
        });
        failing.setErr(new java.io.PrintWriter(err));
        assertThat(failing.execute("--kafka-config", missing.toString())).isNotZero();
        assertThat(err.toString()).contains("cannot read --kafka-config " + missing + ": no such file");
    }

    @Test
    void bootstrapServersComeFromTheFlagOnly() throws Exception {
        Path same = dir.resolve("same.properties");
        Files.writeString(same, "bootstrap.servers=a:9092, b:9092\nsecurity.protocol=SSL\n");
        assertThat(KafkaOptions.resolve("a:9092,b:9092", same, Map.of()).properties())
                .containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SSL"));

        Path other = dir.resolve("other.properties");
        Files.writeString(other, "bootstrap.servers=prod:9092\n");
        assertThatThrownBy(() -> KafkaOptions.resolve("localhost:9092", other, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bootstrap.servers=prod:9092 from --kafka-config " + other + " differs from --bootstrap "
                        + "localhost:9092: give the servers with --bootstrap (or STREAMCAST_BOOTSTRAP) only");
        assertThatThrownBy(() -> KafkaOptions.resolve("localhost:9092", null,
                Map.of("STREAMCAST_KAFKA_BOOTSTRAP_SERVERS", "prod:9092")))
                .hasMessageContaining("from STREAMCAST_KAFKA_BOOTSTRAP_SERVERS differs");
    }

    @Test
    void applicationIdIsDropped() throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "application.id=from-file\nclient.id=c\n");
        assertThat(KafkaOptions.resolve("b:9092", file, Map.of("STREAMCAST_KAFKA_APPLICATION_ID", "env"))
                .properties()).containsExactlyInAnyOrderEntriesOf(Map.of("client.id", "c"));
    }

    @Test
    void theMixinParsesBothFileFlagsAndTakesAnInjectedEnvironment() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\n");
        for (String flag : new String[] {"--kafka-config", "--config"}) {
            Probe probe = new Probe();
            new CommandLine(probe).parseArgs("--bootstrap", "k:9093", flag, file.toString());
            KafkaConnection c = probe.kafka.environment(Map.of("STREAMCAST_KAFKA_SASL_MECHANISM", "PLAIN"))
                    .connection();
            assertThat(c.bootstrapServers()).isEqualTo("k:9093");
            assertThat(c.properties()).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL",
                    "sasl.mechanism", "PLAIN"));
        }
    }

    @Test
    void withoutFileOrVariablesThereAreNoPassThroughProperties() {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs("--bootstrap", "k:9093");
        assertThat(probe.kafka.environment(Map.of()).connection()).isEqualTo(KafkaConnection.plaintext("k:9093"));
    }
}
