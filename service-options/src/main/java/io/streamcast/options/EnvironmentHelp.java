package io.streamcast.options;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.IOptionRenderer;
import picocli.CommandLine.IHelpFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code --help} with each option's environment variable under its description ({@code Env: STREAMCAST_...}), for
 * the options of commands that read the environment ({@link EnvironmentDefaults}), so no description names its
 * variable by hand. Installed on a command line and its subcommands by {@link #install}.
 */
public final class EnvironmentHelp implements IHelpFactory {
    /** The line under an option's description that names its variable. */
    public static String line(String variable) {
        return "Env: " + variable;
    }

    /** Makes {@code cli}'s help, and its subcommands', show the variables; returns {@code cli}. */
    public static CommandLine install(CommandLine cli) {
        return cli.setHelpFactory(new EnvironmentHelp());
    }

    @Override
    public Help create(CommandSpec command, ColorScheme colors) {
        return new Help(command, colors) {
            @Override
            public IOptionRenderer createDefaultOptionRenderer() {
                IOptionRenderer standard = super.createDefaultOptionRenderer();
                return (option, labels, scheme) -> {
                    Text[][] rows = standard.render(option, labels, scheme);
                    String variable = EnvironmentDefaults.reads(option.command())
                            ? EnvironmentDefaults.variable(option) : null;
                    if (variable == null || rows.length == 0) {
                        return rows;
                    }
                    Text[] row = new Text[rows[0].length];
                    Arrays.fill(row, scheme.text(""));
                    row[row.length - 1] = scheme.text(line(variable));
                    Text[][] withVariable = Arrays.copyOf(rows, rows.length + 1);
                    withVariable[rows.length] = row;
                    return withVariable;
                };
            }
        };
    }
}
