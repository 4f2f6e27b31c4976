package io.streamcast.streams.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.KernelKind;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.DurationConverter;
import io.streamcast.options.EnvironmentDefaults;
import io.streamcast.options.EnvironmentHelp;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.config.ForecastOutput;
import io.streamcast.streams.config.StreamsAppConfig;
import io.streamcast.streams.topology.ForecastTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** streams-app's flags land in the right fields of its configuration. */
class StreamsAppCommandConfigTest {
    private static StreamsAppConfig parse(String... args) {
        StreamsAppCommand command = new StreamsAppCommand();
        DurationConverter.register(new CommandLine(command)).parseArgs(args);
        command.kafka.environment(Map.of());
        return command.toConfig();
    }

    @Test
    void everyFlagMapsOntoItsField() {
        StreamsAppConfig c = parse("--bootstrap", "k:9092", "--application-id", "app-1", "--horizon", "12",
                "--window", "288", "--season", "144", "--coverage", "0.8", "--max-gap-fill", "6", "--kernel", "DL4J",
                "--model-name", "sensors", "--key-ttl", "2d", "--processing-guarantee", "at_least_once",
                "--commit-interval", "250ms", "--state-dir", "/var/lib/streamcast", "--threads", "3",
                "--max-key-bytes", "256");
        assertThat(c.bootstrapServers()).isEqualTo("k:9092");
        assertThat(c.applicationId()).isEqualTo("app-1");
        assertThat(c.forecast().horizon()).isEqualTo(12);
        assertThat(c.forecast().window()).isEqualTo(288);
        assertThat(c.forecast().season()).isEqualTo(144);
        assertThat(c.forecast().coverage()).isEqualTo(0.8);
        assertThat(c.forecast().maxGapFill()).isEqualTo(6);
        assertThat(c.kernel()).isEqualTo(KernelKind.DL4J);
        assertThat(c.modelName()).isEqualTo("sensors");
        assertThat(c.keyTtl()).isEqualTo(Duration.ofDays(2));
        assertThat(c.processingGuarantee()).isEqualTo("at_least_once");
        assertThat(c.commitInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/streamcast"));
        assertThat(c.streamThreads()).isEqualTo(3);
        assertThat(c.maxKeyBytes()).isEqualTo(256);
        assertThat(c.modelTrust().mode()).isEqualTo(System.getenv("STREAMCAST_MODEL_KEY") == null ? "none" : "signed");
        assertThat(c.topology().modelName()).isEqualTo("sensors");
    }

    @Test
    void withoutFlagsEachOptionIsItsVariableByTheOneRule() {
        Map<String, String> env = Map.of("STREAMCAST_BOOTSTRAP", "env:9092", "STREAMCAST_FORECASTS_TOPIC",
                "env-forecasts", "STREAMCAST_HORIZON", "12", "STREAMCAST_KEY_TTL", "2d", "STREAMCAST_THREADS", "4",
                "STREAMCAST_MAX_KEY_BYTES", "", "STREAMCAST_APPLICATION_ID", "env-app");
        StreamsAppCommand command = new StreamsAppCommand();
        DurationConverter.register(new CommandLine(command))
                .setDefaultValueProvider(new EnvironmentDefaults(env::get)).parseArgs("--threads", "2");
        command.kafka.environment(Map.of());
        StreamsAppConfig c = command.toConfig();
        assertThat(c.bootstrapServers()).isEqualTo("env:9092");
        assertThat(c.topics().forecasts()).isEqualTo("env-forecasts");
        assertThat(c.forecast().horizon()).isEqualTo(12);
        assertThat(c.keyTtl()).isEqualTo(Duration.ofDays(2));
        assertThat(c.applicationId()).isEqualTo("env-app");
        assertThat(c.streamThreads()).as("the flag wins").isEqualTo(2);
        assertThat(c.maxKeyBytes()).as("an empty variable is unset").isEqualTo(StreamsAppConfig.DEFAULT_MAX_KEY_BYTES);
    }

    @Test
    void streamsAppReadsTheEnvironmentByTheRuleAndItsHelpSaysSo() {
        CommandLine cli = EnvironmentHelp.install(new CommandLine(new StreamsAppCommand()));
        assertThat(EnvironmentDefaults.reads(cli.getCommandSpec())).isTrue();
        assertThat(cli.getUsageMessage()).contains("Env: STREAMCAST_KEY_TTL", "Env: STREAMCAST_FORECASTS_TOPIC",
                "Env: STREAMCAST_HTTP_BIND", "Env: STREAMCAST_KAFKA_CONFIG");
    }

    private static final String TWO_GROUPS = """
            groups:
              - name: sensors
                input-pattern: "plant-.*-raw"
                horizon: 12
                season: 288
                step: 5m
                idle-ttl: 2d
              - name: stocks
                inputs: [stock-closes, fx-closes]
                horizon: 5
                season: 5
                step: 1d
                model: closes-model
                topics:
                  forecasts: stock-forecasts
            topics:
              model-updates: models
            """;

    @Test
    void aDeploymentFileMakesOneGroupEachWithItsOwnTopicsShapeAndModel(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("deployment.yaml"), TWO_GROUPS);
        StreamsAppConfig c = parse("--deployment", file.toString(), "--max-key-bytes", "300");
        assertThat(c.groups()).extracting(ForecastGroupConfig::group).containsExactly("sensors", "stocks");
        ForecastGroupConfig sensors = c.group("sensors");
        assertThat(sensors.inputPattern().pattern()).isEqualTo("plant-.*-raw");
        assertThat(sensors.reads("plant-7-raw")).isTrue();
        assertThat(sensors.reads("stock-closes")).isFalse();
        assertThat(sensors.forecast().horizon()).isEqualTo(12);
        assertThat(sensors.forecast().season()).isEqualTo(288);
        assertThat(sensors.forecast().defaultStep()).isEqualTo(Duration.ofMinutes(5));
        assertThat(sensors.keyTtl()).isEqualTo(Duration.ofDays(2));
        assertThat(sensors.modelName()).isEqualTo("sensors-lstm");
        assertThat(sensors.topics().forecasts()).isEqualTo("sensors-forecasts");
        assertThat(sensors.topics().deadLetters()).isEqualTo("sensors-dlq");
        assertThat(sensors.maxKeyBytes()).isEqualTo(300);
        ForecastGroupConfig stocks = c.group("stocks");
        assertThat(stocks.inputTopics()).containsExactly("stock-closes", "fx-closes");
        assertThat(stocks.forecast().horizon()).isEqualTo(5);
        assertThat(stocks.modelName()).isEqualTo("closes-model");
        assertThat(stocks.topics().forecasts()).isEqualTo("stock-forecasts");
        assertThat(stocks.topics().accuracy()).isEqualTo("stocks-forecast-accuracy");
        assertThat(stocks.topics().modelUpdates()).isEqualTo("models");
        assertThat(c.hasGroups()).isTrue();
    }

    @Test
    void whatTheDeploymentFileDeclaresCannotAlsoBeAFlag(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("deployment.yaml"), TWO_GROUPS);
        assertThatThrownBy(() -> parse("--deployment", file.toString(), "--horizon", "6", "--forecasts-topic", "f"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--horizon, --forecasts-topic cannot be combined with --deployment");
    }

    @Test
    void aBrokenDeploymentFileIsAUsageErrorNamingEachLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("deployment.yaml"), TWO_GROUPS.replace("horizon: 5", "horizon: 0")
                .replace("season: 288", "seasons: 288"));
        assertThatThrownBy(() -> parse("--deployment", file.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("deployment.yaml:5: group 'sensors': unknown key 'seasons'")
                .hasMessageContaining("deployment.yaml:10: group 'stocks': horizon must be");
        assertThatThrownBy(() -> parse("--deployment", dir.resolve("missing.yaml").toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("cannot read --deployment");
    }

    @Test
    void durationsTakeEitherForm() {
        StreamsAppConfig c = parse("--key-ttl", "3d", "--commit-interval", "PT0.2S");
        assertThat(c.keyTtl()).isEqualTo(Duration.ofDays(3));
        assertThat(c.commitInterval()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void forecastOptionsThatMakeNoForecastAreAUsageError() {
        assertThatThrownBy(() -> parse("--window", "10")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--window 10").hasMessageContaining("window must be in");
    }

    @Test
    void withoutFlagsTheDocumentedDefaults() {
        StreamsAppConfig c = parse();
        StreamsAppConfig d = StreamsAppConfig.defaults("localhost:9092");
        // docs/configuration.md: H 48, m 24, W 169 (a week of hourly data, the second season), coverage 0.9, gaps
        // of up to 24 steps filled (and an hourly step before a key's second observation). The options take their
        // defaults from ForecastSettings, so comparing with d.forecast() would compare it with itself.
        assertThat(c.forecast()).isEqualTo(ForecastSettings.builder().horizon(48).window(169).season(24).coverage(0.9)
                .maxGapFill(24).defaultStep(Duration.ofHours(1)).build());
        assertThat(c.keyTtl()).isEqualTo(d.keyTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(c.commitInterval()).isEqualTo(d.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.maxKeyBytes()).isEqualTo(StreamsAppConfig.DEFAULT_MAX_KEY_BYTES).isEqualTo(1024);
        assertThat(c.processingGuarantee()).isEqualTo("exactly_once_v2");
    }

    @Test
    void topicNamesComeFromTheirFlagsAndTheTopologyReadsAndWritesThem() {
        StreamsAppConfig c = parse("--observations-topic", "sensors.raw", "--forecasts-topic", "sensors.forecasts",
                "--dlq-topic", "sensors.dlq", "--accuracy-topic", "sensors.accuracy", "--model-topic", "sensors.models");
        assertThat(c.topics()).isEqualTo(new TopicNames("sensors.raw", "sensors.forecasts", "sensors.dlq",
                "sensors.accuracy", "sensors.models", "model-archive", "model-decisions"));
        assertThat(ForecastTopology.build(c).describe().toString()).contains("topics: [sensors.raw]")
                .contains("topic: sensors.forecasts").contains("topic: sensors.dlq").contains("topic: sensors.accuracy")
                .contains("topics: [sensors.models]");
        assertThat(parse().topics()).isEqualTo(TopicNames.defaults());
    }

    @Test
    void topicNamesThatCannotBeUsedAreAUsageErrorNamingTheTopic() {
        assertThatThrownBy(() -> parse("--forecasts-topic", "observations"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("observations and forecasts topics are both 'observations'");
        assertThatThrownBy(() -> parse("--dlq-topic", "bad name")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("dead letters topic").hasMessageContaining("bad name");
    }

    @Test
    void emitEveryFromTheFlagAndPerGroupFromTheDeploymentFile(@TempDir Path dir) throws Exception {
        assertThat(parse().topology().output()).isEqualTo(new ForecastOutput(1));
        assertThat(parse("--emit-every", "3").topology().output()).isEqualTo(new ForecastOutput(3));
        // the forecasts topic has one format: there is no option choosing it
        assertThatThrownBy(() -> parse("--forecast-format", "compact"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--forecast-format");
        assertThatThrownBy(() -> parse("--emit-every", "0")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--emit-every");
        // a group's entry sets its own; the flags serve the groups that set none
        Path file = Files.writeString(dir.resolve("deployment.yaml"), TWO_GROUPS.replace("idle-ttl: 2d",
                "idle-ttl: 2d\n    emit-every: 12"));
        StreamsAppConfig c = parse("--deployment", file.toString(), "--emit-every", "2");
        assertThat(c.group("sensors").output()).isEqualTo(new ForecastOutput(12));
        assertThat(c.group("stocks").output()).isEqualTo(new ForecastOutput(2));
        Path bad = Files.writeString(dir.resolve("bad.yaml"), TWO_GROUPS.replace("idle-ttl: 2d",
                "idle-ttl: 2d\n    forecast-format: compact\n    emit-every: 0"));
        assertThatThrownBy(() -> parse("--deployment", bad.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("unknown key 'forecast-format'")
                .hasMessageContaining("emit-every must be a whole number >= 1, got '0'");
    }

    @Test
    void emitToleranceFromTheFlagAndPerGroupFromTheDeploymentFile(@TempDir Path dir) throws Exception {
        assertThat(parse().topology().output().emitTolerance()).isEmpty(); // off: every forecast is written
        assertThat(parse("--emit-tolerance", "0.25", "--emit-every", "6").topology().output())
                .isEqualTo(new ForecastOutput(6, OptionalDouble.of(0.25)));
        assertThat(parse("--emit-tolerance", "0").topology().output().emitTolerance()).hasValue(0.0);
        assertThat(parse("--emit-tolerance", "off").topology().output().hasTolerance()).isFalse();
        for (String bad : new String[] {"-1", "NaN", "Infinity", "a-bit", ""}) {
            assertThatThrownBy(() -> parse("--emit-tolerance", bad)).as(bad)
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessage("emit-tolerance must be a finite number >= 0 or off, got '" + bad
                            + "' (--emit-tolerance)");
        }
        // sensors sets its own, stocks takes the flag's; a group can turn off what the flag turned on
        Path file = Files.writeString(dir.resolve("deployment.yaml"), TWO_GROUPS.replace("idle-ttl: 2d",
                "idle-ttl: 2d\n    emit-tolerance: 1.5"));
        StreamsAppConfig c = parse("--deployment", file.toString(), "--emit-tolerance", "0.5", "--emit-every", "4");
        assertThat(c.group("sensors").output()).isEqualTo(new ForecastOutput(4, OptionalDouble.of(1.5)));
        assertThat(c.group("stocks").output()).isEqualTo(new ForecastOutput(4, OptionalDouble.of(0.5)));
        Path off = Files.writeString(dir.resolve("off.yaml"), TWO_GROUPS.replace("idle-ttl: 2d",
                "idle-ttl: 2d\n    emit-tolerance: off"));
        assertThat(parse("--deployment", off.toString(), "--emit-tolerance", "0.5").group("sensors").output()
                .hasTolerance()).isFalse();
        Path bad = Files.writeString(dir.resolve("bad.yaml"), TWO_GROUPS.replace("idle-ttl: 2d",
                "idle-ttl: 2d\n    emit-tolerance: -0.1"));
        assertThatThrownBy(() -> parse("--deployment", bad.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining(":8: group 'sensors': emit-tolerance must be a finite number >= 0 or off, "
                        + "got '-0.1'");
        // the record refuses what the parsers refuse, whoever builds it
        assertThatThrownBy(() -> new ForecastOutput(1, OptionalDouble.of(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("emit-tolerance");
    }
}
