package io.streamcast.options;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one rule from options to environment variables, for every command that reads the environment (streams-app,
 * trainer, model, replay: {@code @Command(defaultValueProvider = EnvironmentDefaults.class)}, which covers the
 * options of their mixins too): an option's longest name without its dashes, upper-cased, dashes as underscores,
 * after {@value #PREFIX}, so {@code --forecasts-topic} is {@code STREAMCAST_FORECASTS_TOPIC}. A variable that is set
 * and not empty is the option's default; otherwise the option's own default applies. A flag wins over both.
 *
 * <p>Not from the environment: the help options, and required options (a default would make picocli stop asking
 * for them, and what a command is told to do each time, such as {@code model rollback --to}, is no setting).
 * {@link EnvironmentHelp} shows each option's variable in {@code --help}.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
    /** What every variable of an option starts with. */
    public static final String PREFIX = "STREAMCAST_";

    private final Function<String, String> environment;

    /** The process environment; picocli creates it so for {@code @Command(defaultValueProvider = ...)}. */
    public EnvironmentDefaults() {
        this(System::getenv);
    }

    /** Another environment: a variable's value by name, null when unset (tests). */
    public EnvironmentDefaults(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** The variable of an option named {@code longestName}: {@code --http-port} is {@code STREAMCAST_HTTP_PORT}. */
    public static String variable(String longestName) {
        return PREFIX + longestName.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The variable of an option, or null for one that is not read from the environment (help, required). */
    public static String variable(OptionSpec option) {
        // the builder's flag as declared: OptionSpec.required() asks this provider whether there is a default
        return option.usageHelp() || option.versionHelp() || option.toBuilder().required() ? null
                : variable(option.longestName());
    }

    /** The variable's value when set and not empty, else null: picocli then takes the option's declared default. */
    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option)) {
            return null;
        }
        String name = variable(option);
        String value = name == null ? null : environment.apply(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** Whether {@code command} takes its defaults from the environment by this rule. */
    public static boolean reads(CommandLine.Model.CommandSpec command) {
        return command.defaultValueProvider() instanceof EnvironmentDefaults;
    }
}
