package io.streamcast.cli.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.cli.StreamcastCli;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** {@code model}'s --model-name, before or after its subcommand, parsed by the real command line. */
class ModelCommandTest {
    private static String modelName(String... args) {
        ParseResult parsed = StreamcastCli.commandLine().parseArgs(args);
        ModelCommand model = (ModelCommand) parsed.subcommand().commandSpec().userObject();
        model.kafka.environment(Map.of());
        return model.toConfig().modelName();
    }

    @Test
    void theModelNameBeforeOrAfterTheSubcommand() {
        assertThat(modelName("model", "--model-name", "sensors", "list")).isEqualTo("sensors");
        assertThat(modelName("model", "list", "--model-name", "sensors")).isEqualTo("sensors");
        assertThat(modelName("model", "rollback", "--to", "v1", "--model-name", "pumps")).isEqualTo("pumps");
        if (System.getenv("STREAMCAST_MODEL_NAME") == null) {
            assertThat(modelName("model", "list")).isEqualTo("streamcast-lstm");
        }
    }
}
