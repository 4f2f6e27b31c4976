package io.streamcast.options;

import io.streamcast.core.forecast.ForecastSettings;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Every command defaults the window to {@value #WINDOW_RULE}, and coverage and gap fill to those of
 * {@link ForecastSettings}; they differ only in H and m when not given, so each mixes in the instance that says
 * it, and picocli's {@code --help} of each command shows its own:
 * <ul>
 *   <li>{@link #serviceDefaults()} (streams-app, trainer): {@link ForecastSettings#DEFAULT_HORIZON} and
 *       {@link ForecastSettings#DEFAULT_SEASON} (the services read the environment for all five options, by
 *       {@link EnvironmentDefaults});</li>
 *   <li>{@link #shapeRequired()}: H and m required;</li>
 *   <li>{@link #shapeChosen(String)} (demo): H and m, when not given, are the command's choice;</li>
 *   <li>{@link #shapeRequiredUnless(String)} (evaluate): as {@link #shapeRequired()}, unless another option
 *       (a deployment file) gives the shape; the command checks it ({@link #requireShape()}).</li>
 * </ul>
 * {@code --horizon} and {@code --season} are declared without a default; {@link #tailor} gives them their
 * command's (or makes them required) when picocli adds the options to the command, so parsing and help follow it.
 */
public final class ForecastOptions {
    /** The window of every command when not given: {@link ForecastSettings#defaultWindow}. */
    public static final String WINDOW_RULE = "max(48, m*ceil(H/m), m+1, m2+1), m2 the second season: 7m for m = 24, "
            + "48, 96, m/7 for m = 168, 336, 672, else none";

    @Option(names = "--horizon", paramLabel = "H", description = "Forecast horizon H in steps")
    Integer horizon;

    @Option(names = "--window", paramLabel = "W",
            description = "Observations kept per key, W >= m*ceil(H/m) (default " + WINDOW_RULE + ").")
    Integer window;

    @Option(names = "--season", paramLabel = "M", description = "Seasonal period m in steps, 1 = none")
    Integer season;

    @Option(names = "--coverage", defaultValue = "" + ForecastSettings.DEFAULT_COVERAGE,
            description = "Nominal prediction interval coverage (default ${DEFAULT-VALUE}).")
    Double coverage;

    @Option(names = "--max-gap-fill", defaultValue = "" + ForecastSettings.DEFAULT_MAX_GAP_FILL,
            description = "Missing steps forward-filled; longer gaps reset the key (default ${DEFAULT-VALUE}).")
    Integer maxGapFill;

    /**
     * H and m when not given: SERVICE, the defaults; REQUIRED, they must be given; CHOSEN, the command chooses
     * them; REQUIRED_UNLESS, they must be given unless another option gives the shape.
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

    /** streams-app and the trainer: H and m, when not given, {@link ForecastSettings#defaults()}'. */
    public static ForecastOptions serviceDefaults() {
        return new ForecastOptions(Shape.SERVICE, null);
    }

    /** {@code --horizon} and {@code --season} required. */
    public static ForecastOptions shapeRequired() {
        return new ForecastOptions(Shape.REQUIRED, null);
    }

    /**
     * demo: {@code --horizon} and {@code --season}, when not given, are the command's choice, which {@code how}
     * describes in the help (the command passes it to {@link #settings}).
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

    /** Called by picocli once the options are in the command that mixes them in: H and m's defaults, or required. */
    @Spec(Spec.Target.MIXEE)
    void tailor(CommandSpec mixee) {
        this.command = mixee;
        tailor("--horizon", ForecastSettings.DEFAULT_HORIZON);
        tailor("--season", ForecastSettings.DEFAULT_SEASON);
    }

    /** Options are immutable: the command gets a changed copy, bound to the same field. */
    private void tailor(String name, int serviceDefault) {
        OptionSpec declared = command.findOption(name);
        OptionSpec.Builder changed = declared.toBuilder();
        String whenNotGiven = switch (shape) {
            case SERVICE -> {
                changed.defaultValue(String.valueOf(serviceDefault));
                yield " (default ${DEFAULT-VALUE}).";
            }
            case REQUIRED -> {
                changed.required(true);
                yield ".";
            }
            case CHOSEN -> " (default " + chosenBy + ").";
            case REQUIRED_UNLESS -> " (required unless " + chosenBy + ").";
        };
        changed.description(changed.description()[0] + whenNotGiven);
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
