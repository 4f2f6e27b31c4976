package io.streamcast.kafka.client;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The topic names of a deployment, as a picocli mixin shared by every command that reads or writes streamcast's
 * topics (streams-app, trainer, model): each from its flag, else (on the commands that read the environment) its
 * variable, else the default of {@link TopicNames#defaults()}. Every service of one deployment must be given the
 * same names.
 */
public final class TopicOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--observations-topic", paramLabel = "TOPIC", scope = ScopeType.INHERIT,
            defaultValue = TopicNames.DEFAULT_OBSERVATIONS,
            description = "Input readings, key = series id (default ${DEFAULT-VALUE}).")
    String observations;

    @Option(names = "--forecasts-topic", paramLabel = "TOPIC", scope = ScopeType.INHERIT,
            defaultValue = TopicNames.DEFAULT_FORECASTS,
            description = "Forecasts (default ${DEFAULT-VALUE}).")
    String forecasts;

    @Option(names = "--dlq-topic", paramLabel = "TOPIC", scope = ScopeType.INHERIT,
            defaultValue = TopicNames.DEFAULT_DEAD_LETTERS,
            description = "Dead letters: rejected inputs with the reason (default ${DEFAULT-VALUE}).")
    String deadLetters;

    @Option(names = "--accuracy-topic", paramLabel = "TOPIC", scope = ScopeType.INHERIT,
            defaultValue = TopicNames.DEFAULT_ACCURACY,
            description = "Per-key rolling accuracy (default ${DEFAULT-VALUE}).")
    String accuracy;

    @Option(names = "--model-topic", paramLabel = "TOPIC", scope = ScopeType.INHERIT,
            defaultValue = TopicNames.DEFAULT_MODEL_UPDATES,
            description = "Compacted: the bundle each model name serves (default ${DEFAULT-VALUE}).")
    String modelUpdates;

    @Option(names = "--model-archive-topic", paramLabel = "TOPIC", scope = ScopeType.INHERIT,
            defaultValue = TopicNames.DEFAULT_MODEL_ARCHIVE,
            description = "Compacted: every published bundle by version (default ${DEFAULT-VALUE}).")
    String modelArchive;

    @Option(names = "--decisions-topic", paramLabel = "TOPIC", scope = ScopeType.INHERIT,
            defaultValue = TopicNames.DEFAULT_MODEL_DECISIONS,
            description = "The trainer's decisions (default ${DEFAULT-VALUE}).")
    String modelDecisions;

    /**
     * The names.
     *
     * @throws ParameterException naming the topic that is not a legal name or shares a name with another
     */
    public TopicNames names() {
        try {
            return new TopicNames(observations, forecasts, deadLetters, accuracy, modelUpdates, modelArchive,
                    modelDecisions);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    /**
     * The flags that give a command these names, the inverse of {@link #names()}: for starting a streamcast
     * command as a process of its own (the bench's failover run, the integration tests).
     */
    public static List<String> arguments(TopicNames names) {
        return List.of("--observations-topic", names.observations(), "--forecasts-topic", names.forecasts(),
                "--dlq-topic", names.deadLetters(), "--accuracy-topic", names.accuracy(),
                "--model-topic", names.modelUpdates(), "--model-archive-topic", names.modelArchive(),
                "--decisions-topic", names.modelDecisions());
    }
}
