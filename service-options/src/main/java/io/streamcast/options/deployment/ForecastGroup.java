package io.streamcast.options.deployment;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * One forecast group of a deployment: series that share an input topic (or a pattern of them), a shape
 * (horizon, season, window, coverage, gap policy), an idle-key TTL, output topics and the model that serves
 * them. Series ids are the group's own: the same id in two groups is two series.
 *
 * @param name         the group's name, also the prefix of its derived topic, store and model names
 * @param inputTopics  the input topics by name; empty when {@code inputPattern} is given
 * @param inputPattern a pattern of input topic names, or null when {@code inputTopics} are given
 * @param topics       the group's output topics
 * @param forecast     horizon, window, season, coverage, gap policy and first step of the group's forecasts
 * @param idleTtl      keys idle for longer than this (in event time) are deleted from the group's state
 * @param modelName    the key on the model-updates topic whose bundles serve this group
 * @param output       the group's emit policy where its entry sets it (streams-app's flags
 *                     otherwise; the trainer ignores them)
 */
public record ForecastGroup(String name, List<String> inputTopics, Pattern inputPattern, GroupTopics topics,
                            ForecastSettings forecast, Duration idleTtl, String modelName, Output output) {
    /** The name of the group a deployment without a deployment file has: today's single group. */
    public static final String DEFAULT = ModelMetadata.DEFAULT_GROUP;
    /**
     * How long a key may be idle before its state is deleted when nothing says otherwise (a group's
     * {@code idle-ttl}, streams-app's {@code --key-ttl}); ISO-8601, for option annotations.
     */
    public static final String DEFAULT_IDLE_TTL = "P7D";

    /** A group whose entry sets nothing of its output. */
    public ForecastGroup(String name, List<String> inputTopics, Pattern inputPattern, GroupTopics topics,
                         ForecastSettings forecast, Duration idleTtl, String modelName) {
        this(name, inputTopics, inputPattern, topics, forecast, idleTtl, modelName, Output.UNSET);
    }

    public ForecastGroup {
        Objects.requireNonNull(name, "name");
        inputTopics = List.copyOf(inputTopics);
        if (inputTopics.isEmpty() == (inputPattern == null)) {
            throw new IllegalArgumentException("group '" + name + "' needs input topics or an input pattern, not both");
        }
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(idleTtl, "idleTtl");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(output, "output");
    }

    /**
     * What a group's entry says of its forecasts' output (docs/configuration.md): each null when the entry does not
     * set it, and then streams-app's flag serves.
     *
     * @param emitEvery     {@code emit-every}: a key's forecast is written every this many of its observations
     * @param emitTolerance {@code emit-tolerance}: a key's forecast is written when it moved by more than this many
     *                      interval half-widths; empty for {@code off} (a group's way to turn off what the flag
     *                      turned on)
     */
    public record Output(Integer emitEvery, OptionalDouble emitTolerance) {
        public static final Output UNSET = new Output(null, null);
        /** The word that turns the tolerance off, where a number would turn it on. */
        public static final String TOLERANCE_OFF = "off";

        public Output {
            if (emitEvery != null && emitEvery < 1) {
                throw new IllegalArgumentException("emit-every must be >= 1: " + emitEvery);
            }
            if (emitTolerance != null && emitTolerance.isPresent()) {
                requireTolerance(emitTolerance.getAsDouble());
            }
        }

        /**
         * An emit tolerance as written in a flag, the environment or a deployment file: {@value #TOLERANCE_OFF}
         * (empty), or a finite number >= 0 (0: any move writes).
         *
         * @throws IllegalArgumentException for anything else: NaN and infinity too, which Double.parseDouble takes
         */
        public static OptionalDouble tolerance(String text) {
            String t = text.trim();
            if (t.equals(TOLERANCE_OFF)) {
                return OptionalDouble.empty();
            }
            double x;
            try {
                x = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                x = Double.NaN;
            }
            return OptionalDouble.of(requireTolerance(x, text));
        }

        public static double requireTolerance(double x) {
            return requireTolerance(x, Double.toString(x));
        }

        private static double requireTolerance(double x, String text) {
            if (!Double.isFinite(x) || x < 0) {
                throw new IllegalArgumentException("emit-tolerance must be a finite number >= 0 or off, got '" + text
                        + "'");
            }
            return x;
        }
    }

    /** Whether {@code topic} is one of this group's inputs. */
    public boolean reads(String topic) {
        return inputPattern != null ? inputPattern.matcher(topic).matches() : inputTopics.contains(topic);
    }

    /**
     * The output topics of a group.
     *
     * @param forecasts   one forecast per accepted observation
     * @param accuracy    periodic per-key rolling accuracy
     * @param deadLetters rejected input records, unchanged, with the reason in headers
     */
    public record GroupTopics(String forecasts, String accuracy, String deadLetters) {
        public GroupTopics {
            Objects.requireNonNull(forecasts, "forecasts");
            Objects.requireNonNull(accuracy, "accuracy");
            Objects.requireNonNull(deadLetters, "deadLetters");
        }

        /** The names a group gets when its file names none: {@code <group>-forecasts}, … */
        public static GroupTopics derived(String group) {
            return new GroupTopics(group + "-forecasts", group + "-forecast-accuracy", group + "-dlq");
        }
    }
}
