package io.streamcast.options;

import io.streamcast.core.forecast.ForecastSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --horizon}, {@code --window}, {@code --season}, {@code --coverage} and {@code --max-gap-fill}: the shape
 * of every forecast ({@link ForecastSettings}), declared once for every command that forecasts ({@code @Mixin}),
 * and mapped onto the settings in one place ({@link #settings}).
 *
 * <p>The commands differ only in what happens when one of these options is not given, so each mixes in the
 * instance that says it, and picocli's {@code --help} of each command shows its own defaults:
 * <ul>
 *   <li>{@link #fromEnvironment()}, the services (streams-app, trainer): {@code STREAMCAST_HORIZON},
 *       {@code STREAMCAST_WINDOW}, {@code STREAMCAST_SEASON}, {@code STREAMCAST_COVERAGE},
 *       {@code STREAMCAST_MAX_GAP_FILL}, else H, m, coverage and gap fill of {@link ForecastSettings#defaults()}
 *       (48, 24, 0.9, 24) and W {@value #WINDOW_RULE} (169 for those);</li>
 *   <li>{@link #shapeRequired()} (evaluate): H and m required, W {@value #WINDOW_RULE}, coverage and gap fill
 *       as in {@link ForecastSettings#defaults()}, no environment;</li>
 *   <li>{@link #shapeChosen(String)} (demo): the same, but H and m, when not given, are the command's choice;</li>
 *   <li>{@link #shapeRequiredUnless(String)} (evaluate): as {@link #shapeRequired()}, unless another option
 *       (a deployment file) gives the shape; the command checks it ({@link #requireShape()}).</li>
 * </ul>
 * The option declarations carry no default; {@link #tailor} gives each its command's default (or makes it
 * required) when picocli adds the options to the command, so parsing and help both follow it.
 */
public final class ForecastOptions {
    /** The window of every command when not given: {@link ForecastSettings#defaultWindow}. */
    public static final String WINDOW_RULE = "max(48, m*ceil(H/m), m+1, m2+1), m2 the second season: 7m for m = 24, "
            + "48, 96, m/7 for m = 168, 336, 672, else none";

    @Option(names = "--horizon", paramLabel = "H", description = "Forecast horizon H in steps")
    Integer horizon;

    @Option(names = "--window", paramLabel = "W", description = "Observations kept per key, W >= m*ceil(H/m)")
    Integer window;

    @Option(names = "--season", paramLabel = "M", description = "Seasonal period m in steps, 1 = none")
    Integer season;

    @Option(names = "--coverage", description = "Nominal prediction interval coverage")
    Double coverage;

    @Option(names = "--max-gap-fill", description = "Missing steps forward-filled; longer gaps reset the key")
    Integer maxGapFill;

    /**
     * What a command does when H or m is not given: SERVICE, the defaults (or {@code STREAMCAST_<OPTION>}, for
     * all five options); REQUIRED, H and m must be given; CHOSEN, the command chooses H and m. All take W, when
     * not given (nor, for SERVICE, {@code STREAMCAST_WINDOW}), from {@value #WINDOW_RULE}; the latter take coverage
     * and gap fill from the defaults without the environment.
     */
    private enum Shape { SERVICE, REQUIRED, CHOSEN, REQUIRED_UNLESS }

    private final Shape shape;
    /** CHOSEN: how the command chooses H and m, for the help; REQUIRED_UNLESS: the option that gives them. */
    private final String chosenBy;
    private CommandSpec command;

    private ForecastOptions(Shape shape, String chosenBy) {
        this.shape = shape;
        this.chosenBy = chosenBy;
    }

    /** streams-app and the trainer: each option from its flag, else {@code STREAMCAST_<OPTION>}, else the defaults. */
    public static ForecastOptions fromEnvironment() {
        return new ForecastOptions(Shape.SERVICE, null);
    }

    /** evaluate: {@code --horizon} and {@code --season} required, the window {@value #WINDOW_RULE} unless given. */
    public static ForecastOptions shapeRequired() {
        return new ForecastOptions(Shape.REQUIRED, null);
    }

    /**
     * demo: {@code --horizon} and {@code --season}, when not given, are the command's choice, which {@code how}
     * describes in the help (the command passes it to {@link #settings}); the window {@value #WINDOW_RULE}.
     */
    public static ForecastOptions shapeChosen(String how) {
        return new ForecastOptions(Shape.CHOSEN, how);
    }

    /**
     * evaluate: {@code --horizon} and {@code --season} required unless {@code alternative} (an option giving every
     * group's shape) is used instead, which picocli cannot say: the command calls {@link #requireShape()} without
     * it and {@link #given()} to refuse both.
     */
    public static ForecastOptions shapeRequiredUnless(String alternative) {
        return new ForecastOptions(Shape.REQUIRED_UNLESS, alternative);
    }

    /** Called by picocli once the options are in the command that mixes them in: its defaults, or required. */
    @Spec(Spec.Target.MIXEE)
    void tailor(CommandSpec mixee) {
        this.command = mixee;
        ForecastSettings d = ForecastSettings.defaults();
        switch (shape) {
            case SERVICE -> {
                fixed("--horizon", "STREAMCAST_HORIZON", d.horizon());
                // without the flag or STREAMCAST_WINDOW the window follows H and m as everywhere else (evaluate,
                // demo, the deployment file), so --horizon 12 --season 288 is a complete shape
                replace("--window", b -> b.defaultValue("${env:STREAMCAST_WINDOW}"),
                        " (env STREAMCAST_WINDOW; default " + WINDOW_RULE + ").");
                fixed("--season", "STREAMCAST_SEASON", d.season());
            }
            case REQUIRED -> {
                replace("--horizon", b -> b.required(true), ".");
                replace("--season", b -> b.required(true), ".");
                replace("--window", b -> b, " (default " + WINDOW_RULE + ").");
            }
            case REQUIRED_UNLESS -> {
                replace("--horizon", b -> b, " (required unless " + chosenBy + ").");
                replace("--season", b -> b, " (required unless " + chosenBy + ").");
                replace("--window", b -> b, " (default " + WINDOW_RULE + ").");
            }
            case CHOSEN -> {
                replace("--horizon", b -> b, " (default " + chosenBy + ").");
                replace("--season", b -> b, " (default " + chosenBy + ").");
                replace("--window", b -> b, " (default " + WINDOW_RULE + ").");
            }
        }
        fixed("--coverage", "STREAMCAST_COVERAGE", d.coverage());
        fixed("--max-gap-fill", "STREAMCAST_MAX_GAP_FILL", d.maxGapFill());
    }

    private void fixed(String name, String env, Object value) {
        if (shape == Shape.SERVICE) {
            replace(name, b -> b.defaultValue("${env:" + env + ":-" + value + "}"),
                    " (env " + env + "; default ${DEFAULT-VALUE}).");
        } else {
            replace(name, b -> b.defaultValue(String.valueOf(value)), " (default ${DEFAULT-VALUE}).");
        }
    }

    /** Options are immutable: the command gets a changed copy, bound to the same field. */
    private void replace(String name, UnaryOperator<OptionSpec.Builder> change, String descriptionEnd) {
        OptionSpec declared = command.findOption(name);
        OptionSpec.Builder changed = change.apply(declared.toBuilder());
        changed.description(changed.description()[0] + descriptionEnd);
        command.remove(declared);
        command.addOption(changed.build());
    }

    /**
     * For {@link #shapeRequiredUnless}: a usage error naming {@code --horizon} and {@code --season} when either is
     * missing.
     */
    public void requireShape() {
        if (horizon == null || season == null) {
            throw new ParameterException(command.commandLine(), "Missing required options: '--horizon=H', "
                    + "'--season=M' (or " + chosenBy + ")");
        }
    }

    /**
     * The forecast options given on the command line (for {@link #shapeRequiredUnless}, where the coverage and gap
     * fill defaults are not given values).
     */
    public List<String> given() {
        List<String> given = new ArrayList<>();
        for (String name : List.of("--horizon", "--window", "--season", "--coverage", "--max-gap-fill")) {
            if (command.commandLine() != null && command.commandLine().getParseResult() != null
                    && command.commandLine().getParseResult().hasMatchedOption(name)) {
                given.add(name);
            }
        }
        return given;
    }

    /** {@code --horizon}: given or its fixed default; null when the command chooses it. */
    public Integer horizon() {
        return horizon;
    }

    /** {@code --season}: given or its fixed default; null when the command chooses it. */
    public Integer season() {
        return season;
    }

    /**
     * The settings these options make: each option's value (given, or the default the command's help shows); a
     * window not given {@value #WINDOW_RULE}; what the command chooses (H and m for {@link #shapeChosen}) and the
     * default step from {@code defaults}.
     *
     * @throws ParameterException naming the options' values when they do not make valid settings (an
     *                            IllegalArgumentException outside a command line)
     */
    public ForecastSettings settings(ForecastSettings defaults) {
        int h = horizon != null ? horizon : defaults.horizon();
        int m = season != null ? season : defaults.season();
        int w = window != null ? window : ForecastSettings.defaultWindow(h, m);
        double c = coverage != null ? coverage : defaults.coverage();
        int gap = maxGapFill != null ? maxGapFill : defaults.maxGapFill();
        try {
            return new ForecastSettings(h, w, m, c, gap, defaults.defaultStep());
        } catch (IllegalArgumentException e) {
            String message = "--horizon " + h + " --window " + w + " --season " + m + " --coverage " + c
                    + " --max-gap-fill " + gap + " make no forecast: " + e.getMessage();
            if (command == null || command.commandLine() == null) {
                throw new IllegalArgumentException(message, e);
            }
            throw new ParameterException(command.commandLine(), message, e);
        }
    }
}
