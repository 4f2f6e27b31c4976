package io.streamcast.trainer.service;

import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a trainer publishes for its group: bundles that declare the group ({@code metadata.group}), so streams-app
 * serves them to that group only, and none without a deployment file (then the bundle is the default group's,
 * which a one-group deployment serves).
 */
final class GroupBundles {
    private GroupBundles() {}

    /**
     * {@code bundle} declaring the trainer's group.
     *
     * @throws IllegalArgumentException when the bundle declares another group (its group would refuse it)
     */
    static ModelBundle declared(TrainerConfig config, ModelBundle bundle) {
        String declared = bundle.metadata().group();
        if (config.group() == null || config.group().equals(declared)) {
            return bundle;
        }
        if (declared != null) {
            throw new IllegalArgumentException("bundle " + bundle.version() + " declares group " + declared
                    + ", not " + config.group() + " (the group of model " + config.modelName() + ")");
        }
        return ModelBundle.create(bundle.metadata().withGroup(config.group()), bundle.weights());
    }

    /** A retirement of the trainer's model in its group, with the group's shape. */
    static ModelBundle retirement(TrainerConfig config, String roundVersion) {
        return ModelBundle.retirement(config.modelName(), config.group(), "retire-" + roundVersion,
                config.forecast().horizon(), config.forecast().window(), config.forecast().season(), Instant.now());
    }

    /**
     * Longest group name prefix in a version: with {@code -lstm-<time>-<hex>} and a retirement's {@code retire-}
     * it stays within {@link ModelMetadata#VERSION_PATTERN}'s 64 characters.
     */
    static final int GROUP_PREFIX = 30;

    /**
     * A new round's version: {@code lstm-<UTC time>-<4 hex digits>}, after the group's name with a group
     * ({@code sensors-lstm-...}): one archive holds every group's versions, and two groups' rounds in the same
     * second would otherwise differ only by chance.
     */
    static String newVersion(String group) {
        String prefix = group == null ? "" : group.substring(0, Math.min(group.length(), GROUP_PREFIX)) + "-";
        return prefix + "lstm-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
