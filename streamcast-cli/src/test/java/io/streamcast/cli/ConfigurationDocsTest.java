package io.streamcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.options.EnvironmentDefaults;
import io.streamcast.options.EnvironmentHelp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/configuration.md's table of each command that reads the environment lists the options of its
 * {@code --help}, each with the variable the help names (none for required options).
 */
class ConfigurationDocsTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    @ParameterizedTest
    @ValueSource(strings = {"streams-app", "trainer", "model", "replay"})
    void theTableOfEachCommandListsItsOptionsAndTheirVariables(String name) throws Exception {
        CommandLine command = StreamcastCli.commandLine().getSubcommands().get(name);
        assertThat(EnvironmentDefaults.reads(command.getCommandSpec())).as(name + " reads the environment").isTrue();
        assertThat(table(Files.readString(DOC), name)).as("docs/configuration.md, ### `" + name + "`")
                .isEqualTo(options(command.getCommandSpec()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams-app", "trainer", "model", "replay"})
    void theHelpNamesTheVariablesTheTableLists(String name) throws Exception {
        CommandLine command = StreamcastCli.commandLine().getSubcommands().get(name);
        String help = command.getUsageMessage();
        table(Files.readString(DOC), name).forEach((option, variable) -> {
            assertThat(help).as(name + " --help").contains(option);
            if (!variable.isEmpty()) {
                assertThat(help).as(name + " --help").contains(EnvironmentHelp.line(variable));
            }
        });
    }

    /** Each option but the help options, by its longest name, with its variable ("" for none). */
    private static Map<String, String> options(CommandSpec command) {
        Map<String, String> options = new TreeMap<>();
        for (OptionSpec option : command.options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                String variable = EnvironmentDefaults.variable(option);
                options.put(option.longestName(), variable == null ? "" : variable);
            }
        }
        return options;
    }

    /**
     * The rows with a flag of the table under the heading {@code ### `name`}: the first flag of the first cell
     * (without its parameter), and the variable of the second ("" when empty). Rows without a flag are variables
     * the code reads itself (secrets), not options.
     */
    private static Map<String, String> table(String markdown, String name) {
        List<String> lines = markdown.lines().toList();
        int start = lines.indexOf("### `" + name + "`");
        assertThat(start).as("a section ### `" + name + "` in " + DOC).isNotNegative();
        Map<String, String> rows = new TreeMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("|") || line.startsWith("|---") || line.startsWith("| flag ")) {
                continue;
            }
            String[] cells = line.split("\\|");
            Matcher flag = CODE.matcher(cells[1]);
            if (flag.find() && flag.group(1).startsWith("--")) {
                Matcher variable = CODE.matcher(cells[2]);
                rows.put(flag.group(1).split(" ")[0], variable.find() ? variable.group(1) : "");
            }
        }
        return rows;
    }
}
