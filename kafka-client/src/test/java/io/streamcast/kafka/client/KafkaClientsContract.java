package io.streamcast.kafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What every command that takes {@link KafkaOptions} promises about the Kafka clients it creates, checked once here
 * for the tests of all of them (streams-app, trainer, model, replay; shipped in this module's test jar): client
 * properties from {@code STREAMCAST_KAFKA_*} and from {@code --kafka-config} (alias {@code --config}) reach every
 * client, the file overriding the environment, and a {@code bootstrap.servers} there that differs from
 * {@code --bootstrap} is refused. The command line given must contain {@code --bootstrap} {@value #BOOTSTRAP}.
 */
public final class KafkaClientsContract {
    public static final String BOOTSTRAP = "k:9093";

    /** The properties of every Kafka client the command parsed from {@code args} creates, with {@code env}. */
    @FunctionalInterface
    public interface Clients {
        List<Properties> of(Map<String, String> env, String... args);
    }

    private KafkaClientsContract() {}

    /** A SASL setting from the environment reaches every client, beside the bootstrap servers. */
    public static void environmentReachesEveryClient(Clients clients, String... args) {
        assertThat(clients.of(Map.of("STREAMCAST_KAFKA_SASL_MECHANISM", "PLAIN"), args))
                .as(String.join(" ", args)).isNotEmpty().allSatisfy(p -> assertThat(p)
                        .containsEntry("sasl.mechanism", "PLAIN").containsEntry("bootstrap.servers", BOOTSTRAP));
    }

    /** Settings from the file, under either flag, reach every client and override the environment's. */
    public static void fileReachesEveryClientUnderEitherFlag(Clients clients, Path dir, String... args) {
        Path file = write(dir, "sasl.mechanism=SCRAM-SHA-512\nsecurity.protocol=SASL_SSL\n");
        for (String flag : new String[] {"--kafka-config", "--config"}) {
            String[] all = with(args, flag, file.toString());
            assertThat(clients.of(Map.of("STREAMCAST_KAFKA_SASL_MECHANISM", "PLAIN"), all))
                    .as(String.join(" ", all)).isNotEmpty()
                    .allSatisfy(p -> assertThat(p).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                            .containsEntry("security.protocol", "SASL_SSL")
                            .containsEntry("bootstrap.servers", BOOTSTRAP));
        }
    }

    /** Other bootstrap servers in the file than {@code --bootstrap}'s are an error, not a second cluster. */
    public static void otherBootstrapServersAreRefused(Clients clients, Path dir, String... args) {
        Path file = write(dir, "bootstrap.servers=prod:9092\n");
        assertThatThrownBy(() -> clients.of(Map.of(), with(args, "--kafka-config", file.toString())))
                .as(String.join(" ", args)).hasMessageContaining("bootstrap.servers=prod:9092 from --kafka-config");
    }

    /** {@code args} followed by {@code more}. */
    public static String[] with(String[] args, String... more) {
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private static Path write(Path dir, String properties) {
        try {
            return Files.writeString(Files.createTempFile(dir, "client", ".properties"), properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
