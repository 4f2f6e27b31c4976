package io.streamcast.core.codec;

import java.util.Arrays;
import java.util.Locale;

/**
 * How {@link ForecastCodec} writes a forecast (docs/topics.md). Decoding reads both, told apart by shape.
 */
public enum ForecastFormat {
    /**
     * The legacy format: one object per point, {@code {"step", "ts", "mean", "lower", "upper"}} (~4.5 KB at
     * H = 48). Selectable on the forecasts topic (and so REST's answers) for one release.
     */
    POINTS,
    /**
     * The step once, then the points' means and interval half-widths as two arrays of floats (~1.1 KB at H = 48):
     * point {@code k} targets {@code origin + k × step_ms}, its interval is {@code [mean - half_width, mean +
     * half_width]} in float arithmetic, its lower bound raised to {@code lower_floor} (0, a positive key's) when
     * that field is present and the mean is above it.
     */
    COMPACT;

    /** The name as options and files spell it: {@code points}, {@code compact}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException unless {@code text} is {@code points} or {@code compact} (any case) */
    public static ForecastFormat parse(String text) {
        for (ForecastFormat f : values()) {
            if (f.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("forecast format must be one of "
                + Arrays.stream(values()).map(ForecastFormat::label).toList() + ": " + text);
    }
}
