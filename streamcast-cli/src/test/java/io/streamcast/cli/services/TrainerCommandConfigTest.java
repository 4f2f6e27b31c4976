package io.streamcast.cli.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.cli.StreamcastCli;
import io.streamcast.trainer.service.TrainerConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** The trainer's flags land in the right fields of its configuration, parsed by the real command line. */
class TrainerCommandConfigTest {
    private static TrainerConfig parse(String... args) {
        ParseResult parsed = StreamcastCli.commandLine().parseArgs(args);
        TrainerCommand command = (TrainerCommand) parsed.subcommand().commandSpec().userObject();
        command.kafka.environment(Map.of());
        return command.toConfig();
    }

    @Test
    void everyFlagMapsOntoItsField() {
        TrainerConfig c = parse("trainer", "--bootstrap", "k:9092", "--horizon", "12", "--window", "289",
                "--season", "288", "--model-name", "sensors", "--retrain-every", "700", "--retrain-interval", "10m",
                "--min-points", "300", "--train-seconds", "45",
                // the trainer needs the key or --allow-unsigned (and refuses both together)
                System.getenv("STREAMCAST_MODEL_KEY") == null ? "--allow-unsigned" : "--once");
        assertThat(c.bootstrapServers()).isEqualTo("k:9092");
        assertThat(c.forecast().horizon()).isEqualTo(12);
        assertThat(c.forecast().window()).isEqualTo(289);
        assertThat(c.forecast().season()).isEqualTo(288);
        assertThat(c.modelName()).isEqualTo("sensors");
        assertThat(c.retrainEveryPoints()).isEqualTo(700);
        assertThat(c.retrainInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.minPoints()).isEqualTo(300);
        assertThat(c.training().maxTrainTime()).isEqualTo(Duration.ofSeconds(45));
    }
}
