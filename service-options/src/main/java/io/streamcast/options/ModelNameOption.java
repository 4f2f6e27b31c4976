package io.streamcast.options;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --model-name}, the model a command works on, for every command that
 * serves, publishes or administers model bundles ({@code @Mixin}): streams-app serves it, the trainer publishes
 * it, {@code model list} and {@code model rollback} (which inherit it) look it up.
 */
public final class ModelNameOption {
    /** The model of a service without a deployment file. */
    public static final String DEFAULT = "streamcast-lstm";

    @Option(names = "--model-name", scope = ScopeType.INHERIT,
            defaultValue = DEFAULT,
            description = "Name of the model: the key of its bundles on the model-updates topic (default "
                    + "${DEFAULT-VALUE}).")
    String name;

    /** The model's name, the key of its bundles on the model-updates topic. */
    public String name() {
        return name;
    }
}
