package io.streamcast.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.forecast.ForecastSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/** The forecast options onto {@link ForecastSettings}, with each kind of command's defaults and help. */
class ForecastOptionsTest {
    private static final ForecastSettings DEFAULTS = ForecastSettings.defaults();

    @Command(name = "evaluate")
    static final class Offline implements Runnable {
        @Mixin
        ForecastOptions forecast = ForecastOptions.shapeRequired();

        @Override
        public void run() {
        }
    }

    @Command(name = "demo")
    static final class Chosen implements Runnable {
        @Mixin
        ForecastOptions forecast = ForecastOptions.shapeChosen("from the data");

        @Override
        public void run() {
        }
    }

    /** Parsed without the process environment: a service command reads none. */
    private static <T> T parse(T command, String... args) {
        new CommandLine(command).setDefaultValueProvider(new EnvironmentDefaults(name -> null)).parseArgs(args);
        return command;
    }

    /** What --help says of {@code option}, on one line. */
    private static String help(Object command, String option) {
        return String.join(" ", new CommandLine(command).getCommandSpec().findOption(option).description());
    }

    @Test
    void everyFlagMapsOntoItsSettingWhateverTheEnvironment() {
        ForecastSettings s = parse(new ServiceCommand(), "--horizon", "12", "--window", "289", "--season", "288",
                "--coverage", "0.8", "--max-gap-fill", "6").forecast.settings(DEFAULTS);
        assertThat(s).isEqualTo(DEFAULTS.toBuilder().horizon(12).window(289).season(288).coverage(0.8).maxGapFill(6)
                .build());
    }

    @Test
    void aServiceWithoutFlagsHasTheDefaultsAndSaysThem() {
        // H = 48, m = 24 and the window that holds a week, the second season of hourly data, as evaluate has it
        assertThat(parse(new ServiceCommand()).forecast.settings(DEFAULTS))
                .isEqualTo(DEFAULTS.toBuilder().horizon(48).window(169).season(24).coverage(0.9).maxGapFill(24)
                        .build());
        ServiceCommand service = new ServiceCommand();
        assertThat(new CommandLine(service).getUsageMessage()).contains("--horizon=H", "--window=W", "--season=M");
        assertThat(help(service, "--horizon")).isEqualTo("Forecast horizon H in steps (default 48).");
        assertThat(help(service, "--window")).endsWith("(default max(48, m*ceil(H/m), m+1, "
                + "m2+1), m2 the second season: 7m for m = 24, 48, 96, m/7 for m = 168, 336, 672, else none).");
        assertThat(help(service, "--season")).endsWith("(default 24).");
        assertThat(help(service, "--coverage")).endsWith("(default 0.9).");
        assertThat(help(service, "--max-gap-fill")).endsWith("(default 24).");
    }

    @Test
    void theDefaultStepAndNothingElseComesFromTheCommandsDefaults() {
        ForecastSettings other = ForecastSettings.builder().horizon(6).window(300).season(6).coverage(0.5).maxGapFill(2)
                .defaultStep(Duration.ofMinutes(5)).build();
        assertThat(parse(new ServiceCommand()).forecast.settings(other))
                .isEqualTo(ForecastSettings.builder().horizon(48).window(169).season(24).coverage(0.9).maxGapFill(24)
                        .defaultStep(Duration.ofMinutes(5)).build());
    }

    @Test
    void aServiceGivenOnlyHorizonAndSeasonDerivesTheWindowAsEvaluateDoes() {
        // five-minute data with a daily season: the 48 of earlier defaults could not hold m = 288
        ForecastSettings s = parse(new ServiceCommand(), "--horizon", "12", "--season", "288").forecast
                .settings(DEFAULTS);
        assertThat(s.window()).isEqualTo(289).isEqualTo(parse(new Offline(), "--horizon", "12", "--season", "288")
                .forecast.settings(DEFAULTS).window());
        assertThat(parse(new ServiceCommand(), "--horizon", "12", "--season", "288", "--window", "300").forecast
                .settings(DEFAULTS).window()).isEqualTo(300);
    }

    @Test
    void valuesThatMakeNoForecastAreAUsageErrorNamingThem() {
        ServiceCommand command = parse(new ServiceCommand(), "--horizon", "48", "--window", "10", "--season", "24");
        assertThatThrownBy(() -> command.forecast.settings(DEFAULTS)).isInstanceOf(ParameterException.class)
                .hasMessageStartingWith("--horizon 48 --window 10 --season 24 ")
                .hasMessageContaining("window must be in [m*ceil(H/m), 65535] = [48, 65535]");
        assertThatThrownBy(() -> parse(new ServiceCommand(), "--coverage", "1.5").forecast.settings(DEFAULTS))
                .isInstanceOf(ParameterException.class).hasMessageContaining("coverage must be in (0, 1): 1.5");
        assertThatThrownBy(() -> parse(new ServiceCommand(), "--horizon", "twelve"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("'--horizon'")
                .hasMessageContaining("twelve");
    }

    @Test
    void aServiceTakesEachOptionsVariableUnlessTheFlagIsGiven() {
        java.util.Map<String, String> env = java.util.Map.of("STREAMCAST_HORIZON", "12", "STREAMCAST_SEASON", "288",
                "STREAMCAST_COVERAGE", "0.8", "STREAMCAST_MAX_GAP_FILL", "3");
        ServiceCommand service = new ServiceCommand();
        new CommandLine(service).setDefaultValueProvider(new EnvironmentDefaults(env::get)).parseArgs("--coverage",
                "0.95");
        assertThat(service.forecast.settings(DEFAULTS))
                .isEqualTo(ForecastSettings.builder().horizon(12).window(289).season(288).coverage(0.95).maxGapFill(3).build());
    }

    @Test
    void evaluateNeedsHorizonAndSeasonAndDerivesTheWindow() {
        assertThatThrownBy(() -> parse(new Offline(), "--horizon", "10"))
                .isInstanceOf(MissingParameterException.class).hasMessageContaining("--season");
        ForecastSettings s = parse(new Offline(), "--horizon", "10", "--season", "48").forecast.settings(DEFAULTS);
        assertThat(s).isEqualTo(DEFAULTS.toBuilder().horizon(10).window(ForecastSettings.defaultWindow(10, 48))
                .season(48).coverage(0.9).maxGapFill(24).build());
        assertThat(s.window()).isEqualTo(337); // m = 48 half-hours: a day, and a week (336) its second season
        assertThat(parse(new Offline(), "--horizon", "5", "--season", "5", "--window", "60", "--coverage", "0.8")
                .forecast.settings(DEFAULTS).window()).isEqualTo(60);
    }

    @Test
    void evaluatesHelpShowsItsOwnDefaultsAndNoEnvironment() {
        Offline evaluate = new Offline();
        CommandLine cli = new CommandLine(evaluate);
        assertThat(cli.getUsageMessage().replaceAll("\\s+", " ")).contains("--horizon=H", "--season=M")
                .doesNotContain("STREAMCAST_", "[--horizon", "[--season");
        assertThat(help(evaluate, "--horizon")).isEqualTo("Forecast horizon H in steps.");
        assertThat(help(evaluate, "--window")).endsWith("(default max(48, m*ceil(H/m), m+1, m2+1), m2 the second "
                + "season: 7m for m = 24, 48, 96, m/7 for m = 168, 336, 672, else none).");
        assertThat(help(evaluate, "--coverage")).isEqualTo("Nominal prediction interval coverage (default 0.9).");
        assertThat(help(evaluate, "--max-gap-fill")).endsWith("longer gaps reset the key (default 24).");
        assertThat(cli.getCommandSpec().findOption("--coverage").defaultValue()).isEqualTo("0.9");
    }

    @Test
    void theDemoChoosesWhatIsNotGiven() {
        Chosen none = parse(new Chosen());
        assertThat(none.forecast.horizon()).isNull();
        assertThat(none.forecast.season()).isNull();
        ForecastSettings chosen = ForecastSettings.builder().horizon(12).window(289).season(288)
                .defaultStep(Duration.ofMinutes(5)).build();
        assertThat(none.forecast.settings(chosen)).isEqualTo(chosen);

        Chosen some = parse(new Chosen(), "--horizon", "6", "--season", "24", "--coverage", "0.95");
        assertThat(some.forecast.settings(chosen))
                .isEqualTo(chosen.toBuilder().horizon(6).window(169).season(24).coverage(0.95).build());
        assertThat(help(new Chosen(), "--horizon")).isEqualTo("Forecast horizon H in steps (default from the data).");
        assertThat(help(new Chosen(), "--window")).endsWith("(default max(48, m*ceil(H/m), m+1, m2+1), m2 the "
                + "second season: 7m for m = 24, 48, 96, m/7 for m = 168, 336, 672, else none).");
        assertThat(new CommandLine(new Chosen()).getUsageMessage()).contains("[--horizon=H]", "[--season=M]");
    }
}
