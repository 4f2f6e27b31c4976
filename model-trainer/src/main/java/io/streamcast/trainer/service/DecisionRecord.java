package io.streamcast.trainer.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.streamcast.core.accuracy.MetricSummary;
import io.streamcast.core.codec.Timestamps;
import io.streamcast.trainer.backtest.PairedComparison;
import io.streamcast.trainer.backtest.PromotionGate;
import io.streamcast.trainer.training.ModelTrainer;

/**
 * A training round's decision as the trainer writes it to model-decisions (docs/trainer.md shows one): the
 * versions and the outcome always (a version null when there was none); the candidate's figures and training,
 * the champion's and the baseline's figures and the gate's paired comparisons when the round measured them; and
 * {@code published: false} last when the round was decided but this trainer no longer led the model.
 * Figures that are not finite are null.
 *
 * @param trainer          the trainer process that decided ({@link TrainerGroups#trainerId})
 * @param candidateVersion the version the candidate would have had, null when none was trained
 * @param championVersion  the champion's version before the round, or null
 * @param candidate        null when no candidate was backtested
 * @param champion         null without a champion
 * @param baseline         null when the baseline was not measured
 * @param evidence         null when the gate weighed no evidence
 * @param published        false when the round could not be published, else null (absent)
 */
public record DecisionRecord(String ts, @JsonProperty("model_name") String modelName, String group, String trainer,
                             @JsonProperty("candidate_version") String candidateVersion,
                             @JsonProperty("champion_version") String championVersion, String decision,
                             String reason, @JsonUnwrapped Candidate candidate,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Figures champion,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Figures baseline,
                             @JsonUnwrapped Evidence evidence,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Boolean published) implements ModelDecision {

    /** One forecaster's figures on the gate's origins. */
    public record Figures(Double mase, Double smape, Double mae, Double coverage) {
        static Figures of(MetricSummary m) {
            return new Figures(finite(m.mase()), finite(m.smape()), finite(m.mae()), finite(m.coverage()));
        }
    }

    /**
     * The candidate's figures next to the baselines' on the same origins, and how it was trained (written inline,
     * in the decision's own object).
     */
    public record Candidate(@JsonProperty("candidate") Figures model,
                            @JsonProperty("seasonal_naive") Figures seasonalNaive,
                            Figures naive, long origins, double blend, int epochs, int updates,
                            @JsonProperty("train_seconds") double trainSeconds) {
        static Candidate of(ModelTrainer.Round round) {
            var scores = round.candidate().scores();
            return new Candidate(Figures.of(scores.model()), Figures.of(scores.seasonalNaive()),
                    Figures.of(scores.naive()), scores.origins(), round.blend(), round.training().epochs(),
                    round.training().updates(), round.training().seconds());
        }
    }

    /** One paired comparison of the gate ({@link PairedComparison}). */
    public record Comparison(Double improvement, Double relative, @JsonProperty("standard_error") Double standardError,
                             Double confidence, int series, int blocks) {
        /** @return null when that comparison was not made (no champion) */
        static Comparison of(PairedComparison c) {
            return c == null ? null : new Comparison(finite(c.improvement()), finite(c.relative()),
                    finite(c.standardError()), finite(c.confidence()), c.series(), c.blocks());
        }
    }

    /** The gate's comparisons (written inline, in the decision's own object); those not made are absent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evidence(@JsonProperty("candidate_vs_baseline") Comparison candidateVsBaseline,
                           @JsonProperty("candidate_vs_champion") Comparison candidateVsChampion,
                           @JsonProperty("champion_vs_baseline") Comparison championVsBaseline) {
        static Evidence of(PromotionGate.Evidence e) {
            return e == null ? null : new Evidence(Comparison.of(e.candidateVsBaseline()),
                    Comparison.of(e.candidateVsChampion()), Comparison.of(e.championVsBaseline()));
        }
    }

    /**
     * @param group            the group the model serves
     * @param trainer          the trainer process that decided ({@link TrainerGroups#trainerId})
     * @param candidateVersion the version the candidate would have had
     * @param championVersion  the champion's version before the round, or null
     */
    static DecisionRecord of(String modelName, String group, String trainer, ModelTrainer.Round round,
                             String candidateVersion, String championVersion) {
        return new DecisionRecord(Timestamps.format(System.currentTimeMillis()), modelName, group, trainer,
                round.bundle() == null ? null : candidateVersion, championVersion, round.decision().outcome().word(),
                round.decision().reason(), round.candidate() == null ? null : Candidate.of(round),
                round.champion() == null ? null : Figures.of(round.champion().scores().model()),
                round.baseline() == null ? null : Figures.of(round.baseline().scores().model()),
                Evidence.of(round.evidence()), null);
    }

    /** This decision as one that could not be published: another trainer leads the model now. */
    DecisionRecord unpublished() {
        return new DecisionRecord(ts, modelName, group, trainer, candidateVersion, championVersion, decision, reason,
                candidate, champion, baseline, evidence, false);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
