package io.streamcast.trainer.backtest;

import java.util.Locale;

/**
 * Champion/challenger, on the same backtest origins for everyone. A candidate is <b>promoted</b> only if its
 * MASE beats seasonal naive's, it beats the baseline forecaster (what serves without a model: per key seasonal
 * naive, naive or the local median, see {@code BaselineChoice}) by more than the backtest's noise — 95 %
 * one-sided confidence in the paired comparison ({@link PairedComparison}) — and, while the champion is ahead of
 * the baseline, it beats the champion's MASE by the margin. A champion that has fallen behind the baseline (its
 * paired improvement is negative) is no hurdle, and when the candidate is refused it is <b>retired</b>: the
 * baseline serves until a candidate passes. Entering takes confidence and leaving only a shortfall, so a model
 * does not flap in and out on noise.
 */
public final class PromotionGate {
    public enum Outcome {
        PROMOTE, REFUSE, RETIRE;

        /** The word in decision records and metrics: promote, refuse, retire. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Decision(Outcome outcome, String reason) {
        public boolean promote() {
            return outcome == Outcome.PROMOTE;
        }

        public boolean retire() {
            return outcome == Outcome.RETIRE;
        }
    }

    /**
     * What the gate weighs; MASE figures and paired comparisons from one backtest of each forecaster.
     *
     * @param championMase        NaN without a champion (only the baseline serves)
     * @param baselineMase        the baseline forecaster's MASE, NaN when not measured
     * @param candidateVsBaseline null when the baseline was not measured
     * @param candidateVsChampion null without a champion
     * @param championVsBaseline  null without a champion
     */
    public record Evidence(double candidateMase, double seasonalNaiveMase, double baselineMase, double championMase,
                           PairedComparison candidateVsBaseline, PairedComparison candidateVsChampion,
                           PairedComparison championVsBaseline) {
        boolean hasChampion() {
            return Double.isFinite(championMase) && championVsBaseline != null;
        }

        /** Whether the champion is behind the baseline on these origins. */
        boolean championBehind() {
            return hasChampion() && championVsBaseline.improvement() < 0;
        }
    }

    private PromotionGate() {}

    /** @param margin the required relative improvement over a champion ahead of the baseline, e.g. 0.02 */
    public static Decision decide(Evidence e, double margin) {
        String refusal = refusal(e, margin);
        if (refusal == null) {
            return new Decision(Outcome.PROMOTE, promotion(e));
        }
        if (e.championBehind()) {
            return new Decision(Outcome.RETIRE, String.format("champion MASE %.4f fell behind the baseline %.4f by "
                    + "%s: retired, the baseline serves; %s", e.championMase(), e.baselineMase(),
                    negated(e.championVsBaseline()), refusal));
        }
        return new Decision(Outcome.REFUSE, refusal);
    }

    /** Why the candidate is refused, or null when it passes. */
    private static String refusal(Evidence e, double margin) {
        if (!Double.isFinite(e.candidateMase())) {
            return "candidate MASE is not finite (nothing scored?)";
        }
        if (!(e.candidateMase() < e.seasonalNaiveMase())) {
            return String.format("candidate MASE %.4f does not beat seasonal naive %.4f", e.candidateMase(),
                    e.seasonalNaiveMase());
        }
        PairedComparison vsBaseline = e.candidateVsBaseline();
        if (Double.isFinite(e.baselineMase()) && vsBaseline != null && !vsBaseline.beyondNoise()) {
            return vsBaseline.improvement() > 0
                    ? String.format("candidate MASE %.4f beats the baseline %.4f by %s: within the backtest's "
                            + "noise (needs %.0f %% confidence)", e.candidateMase(), e.baselineMase(),
                            vsBaseline.describe(), 95.0)
                    : String.format("candidate MASE %.4f does not beat the baseline %.4f (%s)", e.candidateMase(),
                            e.baselineMase(), vsBaseline.describe());
        }
        if (e.hasChampion() && !e.championBehind() && !(e.candidateMase() < e.championMase() * (1 - margin))) {
            return String.format("candidate MASE %.4f does not beat champion %.4f by %.1f %%", e.candidateMase(),
                    e.championMase(), margin * 100);
        }
        return null;
    }

    private static String promotion(Evidence e) {
        StringBuilder b = new StringBuilder(String.format("candidate MASE %.4f", e.candidateMase()));
        if (e.candidateVsBaseline() != null && Double.isFinite(e.baselineMase())) {
            b.append(String.format(" beats the baseline %.4f by %s", e.baselineMase(),
                    e.candidateVsBaseline().describe()));
        }
        if (e.hasChampion()) {
            b.append(e.championBehind()
                    ? String.format(" and replaces champion %.4f, which fell behind the baseline", e.championMase())
                    : String.format(" and champion %.4f by %.1f %%", e.championMase(),
                            e.candidateVsChampion() == null ? Double.NaN
                                    : e.candidateVsChampion().relative() * 100));
        } else {
            b.append(" (no champion)");
        }
        return b.append(String.format("; seasonal naive %.4f", e.seasonalNaiveMase())).toString();
    }

    /** A comparison read the other way round: by how much the other forecaster is better. */
    private static String negated(PairedComparison c) {
        return new PairedComparison(-c.improvement(), -c.relative(), c.standardError(), c.series(), c.blocks())
                .describe();
    }
}
