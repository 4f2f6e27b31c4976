package io.streamcast.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.DurationConverter;
import io.streamcast.trainer.service.TrainerConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The trainer's flags land in the right fields of its configuration. */
class TrainerCommandConfigTest {
    /** The trainer needs the key or --allow-unsigned (and refuses both together). */
    private static final String TRUST = System.getenv("STREAMCAST_MODEL_KEY") == null ? "--allow-unsigned" : "--once";

    static TrainerConfig parse(String... args) {
        TrainerCommand command = new TrainerCommand();
        DurationConverter.register(new CommandLine(command)).parseArgs(args);
        command.kafka.environment(Map.of());
        return command.toConfig();
    }

    @Test
    void everyFlagMapsOntoItsField() {
        TrainerConfig c = parse("--bootstrap", "k:9092", "--horizon", "12", "--window", "289",
                "--season", "288", "--coverage", "0.8", "--max-gap-fill", "6", "--model-name", "sensors",
                "--retrain-every", "700", "--retrain-interval", "10m", "--min-points", "300", "--train-seconds", "45",
                TRUST);
        assertThat(c.bootstrapServers()).isEqualTo("k:9092");
        assertThat(c.forecast().horizon()).isEqualTo(12);
        assertThat(c.forecast().window()).isEqualTo(289);
        assertThat(c.forecast().season()).isEqualTo(288);
        assertThat(c.forecast().coverage()).isEqualTo(0.8);
        assertThat(c.forecast().maxGapFill()).isEqualTo(6);
        assertThat(c.modelName()).isEqualTo("sensors");
        assertThat(c.retrainEveryPoints()).isEqualTo(700);
        assertThat(c.retrainInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.minPoints()).isEqualTo(300);
        assertThat(c.training().maxTrainTime()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void withoutFlagsTheDocumentedDefaults() {
        TrainerConfig c = parse(TRUST);
        TrainerConfig d = TrainerConfig.defaults("localhost:9092", ForecastSettings.defaults());
        // docs/configuration.md: streams-app's H 48, m 24, W 169 (a week of hourly data), coverage 0.9, gap fill
        // 24 (hourly default step), which the options take from ForecastSettings: comparing with d's would
        // compare them with themselves.
        assertThat(c.forecast()).isEqualTo(ForecastSettings.builder().horizon(48).window(169).season(24).coverage(0.9)
                .maxGapFill(24).defaultStep(Duration.ofHours(1)).build());
        assertThat(c.modelName()).isEqualTo(d.modelName()).isEqualTo("streamcast-lstm");
        assertThat(c.retrainEveryPoints()).isEqualTo(d.retrainEveryPoints()).isEqualTo(5_000);
        assertThat(c.retrainInterval()).isEqualTo(d.retrainInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.minPoints()).isEqualTo(d.minPoints()).isEqualTo(1_000);
        assertThat(c.training().maxTrainTime()).isEqualTo(Duration.ofSeconds(600));
        assertThat(c.topics()).isEqualTo(TopicNames.defaults());
    }

    @Test
    void topicNamesComeFromTheSameFlagsAsStreamsApps() {
        TrainerConfig c = parse("--observations-topic", "sensors.raw", "--model-topic", "sensors.models",
                "--model-archive-topic", "sensors.archive", "--decisions-topic", "sensors.decisions", TRUST);
        assertThat(c.topics()).isEqualTo(new TopicNames("sensors.raw", "forecasts", "observations-dlq",
                "forecast-accuracy", "sensors.models", "sensors.archive", "sensors.decisions"));
    }

    @Test
    void forecastOptionsThatMakeNoForecastAreAUsageError() {
        assertThatThrownBy(() -> parse("--horizon", "12", "--season", "288", "--window", "100", TRUST))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--window 100")
                .hasMessageContaining("= [288, 65535]");
        // without --window it follows H and m, as streams-app's does
        assertThat(parse("--horizon", "12", "--season", "288", TRUST).forecast().window()).isEqualTo(289);
    }
}
