package io.streamcast.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.DurationConverter;
import io.streamcast.options.EnvironmentHelp;
import io.streamcast.trainer.service.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code trainer --deployment}: one configuration per group of the file, the shared options applied to each. */
class TrainerCommandDeploymentTest {
    /** The trainer needs the key or --allow-unsigned (and refuses both together). */
    private static final String TRUST = System.getenv("STREAMCAST_MODEL_KEY") == null ? "--allow-unsigned" : "--once";

    private static final String TWO_GROUPS = """
            groups:
              - name: sensors
                input-pattern: "plant-.*-raw"
                horizon: 12
                season: 288
                step: 5m
              - name: stocks
                inputs: [stock-closes, etf-closes]
                horizon: 5
                season: 5
                window: 60
                coverage: 0.8
                max-gap-fill: 3
                model: stocks-v2
            topics:
              model-updates: models
            """;

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("deployment.yaml");
        Files.writeString(f, text);
        return f;
    }

    static List<TrainerConfig> parse(String... args) {
        TrainerCommand command = new TrainerCommand();
        DurationConverter.register(new CommandLine(command)).parseArgs(args);
        command.kafka.environment(Map.of());
        return command.toConfigs();
    }

    @Test
    void eachGroupGetsItsModelShapeAndInputsAndEveryGroupTheSharedOptions() throws Exception {
        List<TrainerConfig> configs = parse("--deployment", file(TWO_GROUPS).toString(), "--bootstrap", "k:9092",
                "--retrain-every", "700", "--retrain-interval", "10m", "--min-points", "300", "--train-seconds", "45",
                TRUST);

        assertThat(configs).extracting(TrainerConfig::group).containsExactly("sensors", "stocks");
        TrainerConfig sensors = configs.get(0);
        assertThat(sensors.modelName()).isEqualTo("sensors-lstm");
        assertThat(sensors.servedGroup()).isEqualTo("sensors");
        assertThat(sensors.forecast()).isEqualTo(ForecastSettings.builder().horizon(12).window(289).season(288)
                .coverage(0.9).maxGapFill(24).defaultStep(Duration.ofMinutes(5)).build());
        assertThat(sensors.inputs().topics()).isEmpty();
        assertThat(sensors.inputs().pattern().pattern()).isEqualTo("plant-.*-raw");
        TrainerConfig stocks = configs.get(1);
        assertThat(stocks.modelName()).isEqualTo("stocks-v2");
        assertThat(stocks.forecast()).isEqualTo(ForecastSettings.builder().horizon(5).window(60).season(5).coverage(0.8)
                .maxGapFill(3).defaultStep(Duration.ofHours(1)).build());
        assertThat(stocks.inputs().topics()).containsExactly("stock-closes", "etf-closes");
        assertThat(stocks.inputs().pattern()).isNull();

        for (TrainerConfig c : configs) {
            assertThat(c.bootstrapServers()).isEqualTo("k:9092");
            assertThat(c.retrainEveryPoints()).isEqualTo(700);
            assertThat(c.retrainInterval()).isEqualTo(Duration.ofMinutes(10));
            assertThat(c.minPoints()).isEqualTo(300);
            assertThat(c.training().maxTrainTime()).isEqualTo(Duration.ofSeconds(45));
            // the model topics are the file's (shared by the groups: bundles are keyed by model name)
            assertThat(c.topics().modelUpdates()).isEqualTo("models");
            assertThat(c.topics().modelArchive()).isEqualTo("model-archive");
            assertThat(c.topics().modelDecisions()).isEqualTo("model-decisions");
        }
        assertThat(stocks.topics().forecasts()).isEqualTo("stocks-forecasts");
    }

    @Test
    void withoutADeploymentFileOneConfigurationWithoutAGroupReadingTheObservationsTopic() {
        List<TrainerConfig> configs = parse("--observations-topic", "sensors.raw", TRUST);
        assertThat(configs).hasSize(1);
        TrainerConfig c = configs.get(0);
        assertThat(c.group()).isNull(); // without a deployment file bundles declare no group
        assertThat(c.servedGroup()).isEqualTo("default");
        assertThat(c.modelName()).isEqualTo("streamcast-lstm");
        assertThat(c.inputs().topics()).containsExactly("sensors.raw");
        assertThat(c.topics()).isEqualTo(new TopicNames("sensors.raw", "forecasts", "observations-dlq",
                "forecast-accuracy", "model-updates", "model-archive", "model-decisions"));
    }

    @Test
    void shapeModelNameAndTopicOptionsBesideADeploymentFileAreAUsageError() throws Exception {
        String f = file(TWO_GROUPS).toString();
        assertThatThrownBy(() -> parse("--deployment", f, "--horizon", "12", "--season", "24", TRUST))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--horizon, --season cannot be combined with --deployment");
        assertThatThrownBy(() -> parse("--deployment", f, "--model-name", "x", "--model-topic", "m", TRUST))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--model-name, --model-topic cannot be combined with --deployment");
    }

    @Test
    void aDeploymentFileWithProblemsIsAUsageErrorNamingEachByLine() throws Exception {
        String f = file("""
                groups:
                  - name: sensors
                    inputs: [a]
                    horizon: 0
                    season: 24
                  - name: stocks
                    inputs: [b]
                    horizon: 5
                    colour: blue
                """).toString();
        assertThatThrownBy(() -> parse("--deployment", f, TRUST))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--deployment " + f + " cannot be used:")
                .hasMessageContaining(f + ":4: group 'sensors': horizon")
                .hasMessageContaining(f + ":9: ");
        assertThatThrownBy(() -> parse("--deployment", dir.resolve("missing.yaml").toString(), TRUST))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("cannot read --deployment");
    }

    @Test
    void theHelpNamesTheDeploymentOptionAndItsEnvironmentVariable() {
        String help = EnvironmentHelp.install(new CommandLine(new TrainerCommand()))
                .getUsageMessage();
        assertThat(help).contains("--deployment=FILE").contains("STREAMCAST_DEPLOYMENT");
    }
}
