package io.streamcast.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.http.AllowedHosts;
import io.streamcast.kafka.client.KafkaOptions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The rule from options to environment variables, and {@code --help} naming them. */
class EnvironmentDefaultsTest {
    @Command(name = "probe", mixinStandardHelpOptions = true, defaultValueProvider = EnvironmentDefaults.class)
    static final class Probe implements Runnable {
        @Option(names = "--forecasts-topic", defaultValue = "forecasts", description = "Forecasts.")
        String forecasts;

        @Option(names = {"-t", "--topic", "--observations-topic"}, description = "Input.")
        String observations;

        @Option(names = "--to", required = true, description = "What to do each time.")
        String to;

        @Option(names = "--create", description = "A switch.")
        boolean create;

        @Override
        public void run() {
        }
    }

    private static Probe parse(Map<String, String> env, String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).setDefaultValueProvider(new EnvironmentDefaults(env::get)).parseArgs(args);
        return probe;
    }

    @Test
    void anOptionsVariableIsItsLongestNameUpperCasedAfterThePrefix() {
        assertThat(EnvironmentDefaults.variable("--forecasts-topic")).isEqualTo("STREAMCAST_FORECASTS_TOPIC");
        assertThat(EnvironmentDefaults.variable("--http-tls-keystore")).isEqualTo("STREAMCAST_HTTP_TLS_KEYSTORE");
        assertThat(EnvironmentDefaults.variable("--bootstrap")).isEqualTo("STREAMCAST_BOOTSTRAP");
        CommandLine.Model.CommandSpec spec = new CommandLine(new Probe()).getCommandSpec();
        assertThat(EnvironmentDefaults.variable(spec.findOption("-t"))).isEqualTo("STREAMCAST_OBSERVATIONS_TOPIC");
    }

    @Test
    void aSetVariableIsTheDefaultAndTheFlagWinsOverIt() {
        Map<String, String> env = Map.of("STREAMCAST_FORECASTS_TOPIC", "f2", "STREAMCAST_OBSERVATIONS_TOPIC", "o2",
                "STREAMCAST_CREATE", "true");
        Probe fromEnv = parse(env, "--to", "x");
        assertThat(fromEnv.forecasts).isEqualTo("f2");
        assertThat(fromEnv.observations).isEqualTo("o2");
        assertThat(fromEnv.create).isTrue();
        assertThat(parse(env, "--to", "x", "--forecasts-topic", "f3").forecasts).isEqualTo("f3");
    }

    @Test
    void anUnsetOrEmptyVariableLeavesTheDeclaredDefault() {
        assertThat(parse(Map.of(), "--to", "x").forecasts).isEqualTo("forecasts");
        assertThat(parse(Map.of(), "--to", "x").observations).isNull();
        Map<String, String> empty = new HashMap<>();
        empty.put("STREAMCAST_FORECASTS_TOPIC", "");
        empty.put("STREAMCAST_OBSERVATIONS_TOPIC", "");
        assertThat(parse(empty, "--to", "x").forecasts).isEqualTo("forecasts");
        assertThat(parse(empty, "--to", "x").observations).isNull();
    }

    @Test
    void requiredAndHelpOptionsAreNotReadFromTheEnvironment() {
        Map<String, String> env = Map.of("STREAMCAST_TO", "x", "STREAMCAST_HELP", "true");
        assertThatThrownBy(() -> parse(env)).isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("--to");
        CommandLine.Model.CommandSpec spec = new CommandLine(new Probe()).getCommandSpec();
        assertThat(EnvironmentDefaults.variable(spec.findOption("--to"))).isNull();
        assertThat(EnvironmentDefaults.variable(spec.findOption("--help"))).isNull();
    }

    @Test
    void helpNamesEachOptionsVariableOnceAndOnlyForCommandsThatReadThem() {
        String help = EnvironmentHelp.install(new CommandLine(new Probe())).getUsageMessage();
        assertThat(help).contains("Env: STREAMCAST_FORECASTS_TOPIC", "Env: STREAMCAST_OBSERVATIONS_TOPIC",
                "Env: STREAMCAST_CREATE").doesNotContain("STREAMCAST_TO", "STREAMCAST_HELP", "STREAMCAST_VERSION");
        assertThat(help.indexOf("Env: STREAMCAST_FORECASTS_TOPIC")).isGreaterThan(help.indexOf("Forecasts."));

        @Command(name = "offline")
        final class Offline {
            @Option(names = "--forecasts-topic")
            String forecasts;
        }
        assertThat(EnvironmentHelp.install(new CommandLine(new Offline())).getUsageMessage())
                .doesNotContain("STREAMCAST_");
    }

    @Test
    void theVariablesOtherModulesNameFollowTheRule() {
        // service-http and kafka-client cannot depend on this module, so they name these variables themselves
        assertThat(AllowedHosts.ENV).isEqualTo(EnvironmentDefaults.variable("--http-allowed-hosts"));
        assertThat(KafkaOptions.CONFIG_FILE_ENV).isEqualTo(EnvironmentDefaults.variable("--kafka-config"));
    }
}
