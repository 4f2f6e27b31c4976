package io.streamcast.cli.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.cli.StreamcastCli;
import io.streamcast.trainer.service.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** {@code model --group G [--deployment FILE]}: which model (and model topics) the admin commands work on. */
class ModelCommandGroupTest {
    @TempDir
    Path dir;

    private String deployment() throws Exception {
        Path f = dir.resolve("deployment.yaml");
        Files.writeString(f, """
                groups:
                  - name: sensors
                    inputs: [sensor-readings]
                    horizon: 12
                    season: 288
                  - name: stocks
                    inputs: [stock-closes]
                    horizon: 5
                    season: 5
                    model: stocks-v2
                topics:
                  model-updates: models
                """);
        return f.toString();
    }

    private static TrainerConfig config(String... args) {
        ParseResult parsed = StreamcastCli.commandLine().parseArgs(args);
        ModelCommand model = (ModelCommand) parsed.subcommand().commandSpec().userObject();
        model.kafka.environment(Map.of());
        return model.toConfig();
    }

    @Test
    void aGroupOfADeploymentFileNamesItsModelAndTheFilesModelTopics() throws Exception {
        String f = deployment();
        TrainerConfig stocks = config("model", "--deployment", f, "list", "--group", "stocks");
        assertThat(stocks.modelName()).isEqualTo("stocks-v2");
        assertThat(stocks.group()).isEqualTo("stocks");
        assertThat(stocks.topics().modelUpdates()).isEqualTo("models");
        TrainerConfig sensors = config("model", "rollback", "--to", "v1", "--group", "sensors", "--deployment", f);
        assertThat(sensors.modelName()).isEqualTo("sensors-lstm");
    }

    @Test
    void withoutAFileTheDefaultGroupIsTheModelNamesAndNoOther() {
        if (System.getenv("STREAMCAST_DEPLOYMENT") != null) {
            return; // the environment gives a file
        }
        TrainerConfig c = config("model", "list", "--group", "default", "--model-name", "pumps");
        assertThat(c.modelName()).isEqualTo("pumps");
        assertThat(c.group()).isNull();
        assertThatThrownBy(() -> config("model", "list", "--group", "stocks"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--group stocks needs --deployment FILE");
    }

    @Test
    void aGroupTheFileDoesNotHaveOrNoGroupWithSeveralOrAModelNameBesideTheFileIsAUsageError() throws Exception {
        String f = deployment();
        assertThatThrownBy(() -> config("model", "list", "--deployment", f, "--group", "pumps"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--group pumps is not a group of " + f + " (sensors, stocks)");
        assertThatThrownBy(() -> config("model", "list", "--deployment", f))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--group is needed: " + f + " has groups sensors, stocks");
        assertThatThrownBy(() -> config("model", "--model-name", "x", "list", "--deployment", f, "--group", "stocks"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--model-name cannot be combined with --deployment");
    }
}
