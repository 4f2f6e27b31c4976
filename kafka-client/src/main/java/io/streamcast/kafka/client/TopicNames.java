package io.streamcast.kafka.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.InvalidTopicException;

/**
 * The one place the names of streamcast's topics live, for streams-app, the trainer and the tools alike (their
 * contracts: {@code docs/topics.md}). Set from the command line and the environment by {@link TopicOptions}.
 *
 * @param observations   input readings (key = series id); the trainer's history
 * @param forecasts      one forecast per accepted observation
 * @param deadLetters    rejected input records, unchanged, with the reason in headers
 * @param accuracy       periodic per-key rolling accuracy
 * @param modelUpdates   compacted: the bundle each model name serves (key = model name)
 * @param modelArchive   compacted: every published bundle (key = version), for {@code model list / rollback}
 * @param modelDecisions every promote / refuse decision of the trainer, as JSON
 */
public record TopicNames(String observations, String forecasts, String deadLetters, String accuracy,
                         String modelUpdates, String modelArchive, String modelDecisions) {
    // each default name once, as constants: TopicOptions' option annotations and the deployment file name them
    public static final String DEFAULT_OBSERVATIONS = "observations";
    public static final String DEFAULT_FORECASTS = "forecasts";
    public static final String DEFAULT_DEAD_LETTERS = "observations-dlq";
    public static final String DEFAULT_ACCURACY = "forecast-accuracy";
    public static final String DEFAULT_MODEL_UPDATES = "model-updates";
    public static final String DEFAULT_MODEL_ARCHIVE = "model-archive";
    public static final String DEFAULT_MODEL_DECISIONS = "model-decisions";

    public TopicNames {
        Map<String, String> seen = new LinkedHashMap<>();
        check(seen, "observations", observations);
        check(seen, "forecasts", forecasts);
        check(seen, "dead letters", deadLetters);
        check(seen, "accuracy", accuracy);
        check(seen, "model updates", modelUpdates);
        check(seen, "model archive", modelArchive);
        check(seen, "model decisions", modelDecisions);
    }

    /** A legal topic name, and not the name of another of the topics (two roles on one topic mix their records). */
    private static void check(Map<String, String> seen, String role, String name) {
        Objects.requireNonNull(name, role + " topic");
        try {
            // qualified: this package has its own Topic (a name with its serdes)
            org.apache.kafka.common.internals.Topic.validate(name);
        } catch (InvalidTopicException e) {
            throw new IllegalArgumentException("the " + role + " topic: " + e.getMessage(), e);
        }
        String other = seen.putIfAbsent(name, role);
        if (other != null) {
            throw new IllegalArgumentException("the " + other + " and " + role + " topics are both '" + name
                    + "'; each needs its own topic");
        }
    }

    public static TopicNames defaults() {
        return new TopicNames(DEFAULT_OBSERVATIONS, DEFAULT_FORECASTS, DEFAULT_DEAD_LETTERS, DEFAULT_ACCURACY,
                DEFAULT_MODEL_UPDATES, DEFAULT_MODEL_ARCHIVE, DEFAULT_MODEL_DECISIONS);
    }

    /** The default names, each after {@code prefix} and a dash (tests and benchmarks sharing one cluster). */
    public static TopicNames prefixed(String prefix) {
        TopicNames d = defaults();
        return new TopicNames(prefix + "-" + d.observations, prefix + "-" + d.forecasts, prefix + "-" + d.deadLetters,
                prefix + "-" + d.accuracy, prefix + "-" + d.modelUpdates, prefix + "-" + d.modelArchive,
                prefix + "-" + d.modelDecisions);
    }
}
