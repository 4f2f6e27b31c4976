package io.streamcast.options;

import io.streamcast.core.model.ModelTrust;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --allow-unsigned} and the model key from
 * {@code STREAMCAST_MODEL_KEY} (environment only: a flag would show in {@code ps}), for every command that
 * serves or publishes model bundles ({@code @Mixin}): streams-app, the trainer, {@code model rollback}.
 */
public final class ModelTrustOption {
    @Option(names = "--allow-unsigned", scope = ScopeType.INHERIT,
            description = {"Without STREAMCAST_MODEL_KEY: work with unsigned model bundles (streams-app serves them, "
                    + "the trainer and model rollback publish them). Without the key and without this flag, "
                    + "streams-app refuses every bundle (the baseline serves) and the trainer and model rollback "
                    + "refuse to run. An error together with the key."})
    boolean allowUnsigned;

    /** The trust these options and the process environment give. */
    public ModelTrust trust() {
        return trust(System.getenv());
    }

    ModelTrust trust(Map<String, String> env) {
        return ModelTrust.from(env, allowUnsigned);
    }
}
