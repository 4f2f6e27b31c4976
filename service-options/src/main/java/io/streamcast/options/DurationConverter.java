package io.streamcast.options;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one duration syntax of every command: a whole number with a unit, {@code 100ms}, {@code 90s}, {@code 5m},
 * {@code 2h}, {@code 7d}, or ISO-8601 ({@code PT0.1S}, {@code P7D}). Registered for {@link Duration} options on
 * the command lines ({@link #register}), so {@code --duration 90s} and {@code --commit-interval PT0.1S} take
 * either form.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /** Registers this converter for every {@link Duration} option of {@code cli} and its subcommands. */
    public static picocli.CommandLine register(picocli.CommandLine cli) {
        return cli.registerConverter(Duration.class, new DurationConverter());
    }

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** @throws TypeConversionException naming the accepted forms */
    public static Duration parse(String value) {
        String text = value.trim();
        Matcher m = SHORT.matcher(text.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: use 100ms, 90s, 5m, 2h, 7d or "
                    + "ISO-8601 such as PT0.1S, P7D");
        }
    }
}
