package io.streamcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.options.ForecastOptions;
import io.streamcast.streams.run.StreamsAppCommand;
import io.streamcast.trainer.run.TrainerCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Through the real {@code streamcast} command line: the services are its subcommands, and every command that
 * forecasts takes the same forecast options, with its own defaults in its help.
 */
class ForecastOptionsHelpTest {
    private static CommandSpec command(String name) {
        return StreamcastCli.commandLine().getSubcommands().get(name).getCommandSpec();
    }

    private static String help(String command, String option) {
        return String.join(" ", command(command).findOption(option).description());
    }

    @Test
    void theServicesAreSubcommandsFromTheirOwnModules() {
        assertThat(command("streams-app").userObject()).isInstanceOf(StreamsAppCommand.class);
        assertThat(command("trainer").userObject()).isInstanceOf(TrainerCommand.class);
        // durations in either form through the CLI's converter
        StreamcastCli.commandLine().parseArgs("trainer", "--retrain-interval", "10m", "--allow-unsigned");
        StreamcastCli.commandLine().parseArgs("streams-app", "--key-ttl", "3d", "--commit-interval", "PT0.2S");
    }

    @Test
    void everyForecastingCommandTakesTheFiveOptions() {
        for (String name : new String[] {"streams-app", "trainer", "evaluate", "demo"}) {
            for (String option : new String[] {"--horizon", "--window", "--season", "--coverage", "--max-gap-fill"}) {
                assertThat(command(name).findOption(option)).as(name + " " + option).isNotNull();
            }
        }
        assertThat(command("bench").findOption("--horizon")).as("bench measures one fixed shape").isNull();
    }

    @Test
    void eachShowsItsOwnDefaults() {
        if (System.getenv("STREAMCAST_HORIZON") == null) {
            assertThat(help("streams-app", "--horizon")).endsWith("(default 48).");
            assertThat(help("trainer", "--horizon")).endsWith("(default 48).");
        }
        for (String service : new String[] {"streams-app", "trainer"}) {
            assertThat(StreamcastCli.commandLine().getSubcommands().get(service).getUsageMessage())
                    .as(service).contains("Env: STREAMCAST_HORIZON", "Env: STREAMCAST_MAX_GAP_FILL");
        }
        assertThat(StreamcastCli.commandLine().getSubcommands().get("evaluate").getUsageMessage())
                .as("evaluate reads no environment").doesNotContain("STREAMCAST_");
        assertThat(help("evaluate", "--horizon")).isEqualTo("Forecast horizon H in steps (required unless --config).");
        // required without --config: the command checks it (EvaluateConfigTest), picocli cannot say "unless"
        assertThat(command("evaluate").findOption("--horizon").required()).isFalse();
        assertThat(help("evaluate", "--season")).endsWith("(required unless --config).");
        assertThat(help("evaluate", "--window")).endsWith("(default " + ForecastOptions.WINDOW_RULE + ").");
        assertThat(help("evaluate", "--coverage")).endsWith("(default 0.9).");
        assertThat(help("demo", "--horizon")).endsWith("(default from the data's spacing).");
        assertThat(help("demo", "--season")).endsWith("(default from the data's spacing).");
        assertThat(command("demo").findOption("--horizon").required()).isFalse();
    }

    @Test
    void evaluateStillNeedsHorizonAndSeason() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = StreamcastCli.commandLine();
        cli.setErr(new java.io.PrintWriter(err));
        assertThat(cli.execute("evaluate", "--data", "pom.xml", "--horizon", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required options: '--horizon=H', '--season=M' (or --config)");
    }
}
