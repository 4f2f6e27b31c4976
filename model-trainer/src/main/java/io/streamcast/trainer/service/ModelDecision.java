package io.streamcast.trainer.service;

/**
 * One record the trainer writes to model-decisions (docs/trainer.md shows them): a training round's decision
 * ({@link DecisionRecord}) or a bundle published without a round ({@link PublicationRecord}). Every record names
 * its forecast group ({@code group}: the default group's name without a deployment file), since one decisions
 * topic carries every group's, and the trainer process that made it ({@code trainer}: with several trainers,
 * which one led the group then).
 */
public sealed interface ModelDecision permits DecisionRecord, PublicationRecord {
    /** The outcome's word: promote, refuse, retire, or publish. */
    String decision();

    /** Why, in a sentence. */
    String reason();
}
