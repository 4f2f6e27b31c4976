package io.streamcast.core.forecast;

import io.streamcast.core.domain.ShapeLimits;
import io.streamcast.core.model.Feature;
import io.streamcast.core.model.ModelMetadata;
import java.time.Duration;
import java.util.List;

/**
 * What every forecast of a service looks like, independent of any model.
 *
 * @param horizon        H, the number of steps each forecast covers
 * @param window         W, the number of recent observations kept per key; must cover the seasonal-naive
 *                       look-back {@code m * ceil(H / m)} so baselines and scoring can be computed from it
 * @param season         m, the seasonal period in steps (1 = no seasonality: seasonal naive is naive)
 * @param coverage       nominal coverage of the prediction intervals, in (0, 1)
 * @param maxGapFill     gaps of up to this many missing steps are forward-filled; longer gaps reset the
 *                       key's sequence (window, carried LSTM state, pending forecasts)
 * @param defaultStep    the step assumed for a key's very first forecast, before its step is inferred from
 *                       the spacing of its first two observations
 */
public record ForecastSettings(int horizon, int window, int season, double coverage, int maxGapFill,
                               Duration defaultStep) {

    public static final int MAX_HORIZON = ShapeLimits.MAX_HORIZON;
    public static final int MAX_WINDOW = ShapeLimits.MAX_WINDOW;

    // the defaults of the services' flags and of a deployment file's groups; constants, so that option
    // annotations can name them
    /** H of a service not told otherwise: two days of hourly data. */
    public static final int DEFAULT_HORIZON = 48;
    /** m of a service not told otherwise: a day of hourly data. */
    public static final int DEFAULT_SEASON = 24;
    /** Nominal interval coverage when not given. */
    public static final double DEFAULT_COVERAGE = 0.9;
    /** Missing steps forward-filled when not given. */
    public static final int DEFAULT_MAX_GAP_FILL = 24;
    /** The step assumed for a key's first forecast when not given. */
    public static final Duration DEFAULT_STEP = Duration.ofHours(1);

    public ForecastSettings {
        if (horizon < 1 || horizon > MAX_HORIZON) {
            throw new IllegalArgumentException("horizon must be in [1, " + MAX_HORIZON + "]: " + horizon);
        }
        if (season < 1) {
            throw new IllegalArgumentException("season must be >= 1: " + season);
        }
        int lookBack = seasonalLookBack(horizon, season);
        if (window < lookBack || window > MAX_WINDOW) {
            throw new IllegalArgumentException("window must be in [m*ceil(H/m), " + MAX_WINDOW + "] = [" + lookBack
                    + ", " + MAX_WINDOW + "] for H=" + horizon + ", m=" + season + ": " + window);
        }
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("coverage must be in (0, 1): " + coverage);
        }
        if (maxGapFill < 0) {
            throw new IllegalArgumentException("maxGapFill must be >= 0: " + maxGapFill);
        }
        if (defaultStep == null || defaultStep.isNegative() || defaultStep.isZero()) {
            throw new IllegalArgumentException("defaultStep must be positive: " + defaultStep);
        }
    }

    /** H = 48, W = 48, m = 24, 90 % intervals, gaps up to 24 steps filled, hourly default step. */
    public static ForecastSettings defaults() {
        return new ForecastSettings(DEFAULT_HORIZON, 48, DEFAULT_SEASON, DEFAULT_COVERAGE, DEFAULT_MAX_GAP_FILL,
                DEFAULT_STEP);
    }

    /** A builder starting from {@link #defaults()}: set only what differs, in any order. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The window to use when none is given: at least 48, the seasonal-naive look-back, and m + 1 so that the
     * {@code seasonal_diff} feature (y[t] - y[t-m]) exists for the newest value; m2 + 1 too where m has a
     * {@link #secondSeasonOf second season}, so a model can read it.
     */
    public static int defaultWindow(int horizon, int season) {
        return Math.max(Math.max(48, Math.max(seasonalLookBack(horizon, season), season + 1)),
                secondSeasonOf(season) + 1);
    }

    /**
     * The calendar's other cycle for a season m that is a day or a week of hourly, half-hourly or quarter-hourly
     * data: a week (7m) for m = 24, 48, 96; a day (m/7) for m = 168, 336, 672; else 0 (none). Hourly load, traffic
     * and counts repeat by the week as well as by the day, and Saturdays are not Fridays: on M4 Hourly the weekly
     * inputs took MASE from 0.93 to 0.89 and sMAPE from 13.6 to 13.2 on validation windows (docs/accuracy.md).
     * Longer cycles (a week of 5-minute data, 2,016 steps) would cost every key a window of that many values.
     */
    public static int secondSeasonOf(int season) {
        return switch (season) {
            case 24, 48, 96 -> 7 * season;
            case 168, 336, 672 -> season / 7;
            default -> 0;
        };
    }

    /** The second season models read under these settings: {@link #secondSeasonOf m's}, if the window holds it. */
    public int secondSeason() {
        int m2 = secondSeasonOf(season);
        return m2 > 0 && window > m2 ? m2 : 0;
    }

    /**
     * The inputs of {@code features} a model under these settings can read, in order: the second-season ones only
     * where there is a {@link #secondSeason()}.
     */
    public List<Feature> readableInputs(List<Feature> features) {
        return secondSeason() > 0 ? List.copyOf(features)
                : features.stream().filter(f -> !f.usesSeason2()).toList();
    }

    /** How far back seasonal naive reaches for step H: {@code m * ceil(H / m)}. */
    public static int seasonalLookBack(int horizon, int season) {
        return season * ((horizon + season - 1) / season);
    }

    /**
     * Why a model with this metadata cannot serve under these settings, or null when it can: its horizon and
     * season must be these, and its window must fit in this window (it re-primes from the key's window). A
     * property of the bundle's metadata and the settings alone, so a registry asks without building a forecaster.
     */
    public String incompatibility(ModelMetadata m) {
        if (m.horizon() != horizon) {
            return "model horizon " + m.horizon() + " != service horizon " + horizon;
        }
        if (m.season() != season) {
            return "model season " + m.season() + " != service season " + season;
        }
        if (m.window() > window) {
            return "model window " + m.window() + " > service window " + window;
        }
        return null;
    }

    /**
     * Settings named one by one rather than by position. The components are checked together in {@link #build()},
     * not one by one: horizon, window and season constrain each other, so no order of single changes from the
     * defaults would pass for every valid combination.
     */
    public static final class Builder {
        private int horizon;
        private int window;
        private int season;
        private double coverage;
        private int maxGapFill;
        private Duration defaultStep;

        private Builder(ForecastSettings from) {
            horizon = from.horizon;
            window = from.window;
            season = from.season;
            coverage = from.coverage;
            maxGapFill = from.maxGapFill;
            defaultStep = from.defaultStep;
        }

        public Builder horizon(int steps) {
            horizon = steps;
            return this;
        }

        public Builder window(int observations) {
            window = observations;
            return this;
        }

        public Builder season(int steps) {
            season = steps;
            return this;
        }

        public Builder coverage(double nominal) {
            coverage = nominal;
            return this;
        }

        public Builder maxGapFill(int steps) {
            maxGapFill = steps;
            return this;
        }

        public Builder defaultStep(Duration step) {
            defaultStep = step;
            return this;
        }

        /** The settings; throws {@link IllegalArgumentException} as the canonical constructor does. */
        public ForecastSettings build() {
            return new ForecastSettings(horizon, window, season, coverage, maxGapFill, defaultStep);
        }
    }
}
