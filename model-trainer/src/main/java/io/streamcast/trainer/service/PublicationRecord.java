package io.streamcast.trainer.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamcast.core.codec.Timestamps;

/**
 * The record of a bundle published without a training round: directly (tests, tools), or the champion published
 * again because model-updates no longer held it. It has no champion version and no figures.
 *
 * @param trainer the trainer process that published ({@link TrainerGroups#trainerId})
 */
public record PublicationRecord(String ts, @JsonProperty("model_name") String modelName, String group,
                                String trainer, @JsonProperty("candidate_version") String candidateVersion,
                                String decision, String reason) implements ModelDecision {
    private static final String PUBLISH = "publish";

    /** A bundle published directly, not by a training round. */
    static PublicationRecord direct(String modelName, String group, String trainer, String version) {
        return new PublicationRecord(Timestamps.format(System.currentTimeMillis()), modelName, group, trainer,
                version, PUBLISH, "published directly, not by a training round");
    }

    /** The champion published again: model-updates held neither it nor a newer trusted bundle. */
    static PublicationRecord republished(String modelName, String group, String trainer, String version) {
        return new PublicationRecord(Timestamps.format(System.currentTimeMillis()), modelName, group, trainer,
                version, PUBLISH, "republished: model-updates held neither the champion nor a newer trusted bundle "
                + "(a tombstone, a forged or a replayed old bundle on top)");
    }
}
