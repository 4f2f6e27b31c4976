package io.streamcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help as a user sees it: picocli formats each description as a format string. */
class HelpTextTest {
    @Test
    void everyCommandsHelpFormatsWithoutAWarning() {
        List<CommandLine> commands = new ArrayList<>();
        collect(StreamcastCli.commandLine(), commands);
        assertThat(commands).hasSizeGreaterThan(8);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (CommandLine command : commands) {
                // a lone '%' (as in "75 %;") is not a conversion: picocli warns on stderr and prints the raw text
                assertThat(command.getUsageMessage(CommandLine.Help.Ansi.OFF)).as(command.getCommandName())
                        .doesNotContain("%n");
            }
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}
