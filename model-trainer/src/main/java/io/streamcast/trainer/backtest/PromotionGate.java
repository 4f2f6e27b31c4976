package io.streamcast.trainer.backtest;

/**
 * Champion/challenger: a candidate is promoted only if its MASE beats seasonal naive's, beats the baseline
 * forecaster's (what serves without a model: per key seasonal naive, naive or the local median, whichever its
 * rolling errors favour, see {@code BaselineChoice}), and beats the current champion's by the margin. All
 * comparisons use the same backtest origins.
 */
public final class PromotionGate {
    public record Decision(boolean promote, String reason) {}

    private PromotionGate() {}

    /**
     * @param championMase NaN when there is no champion (only the baseline serves)
     * @param baselineMase the baseline forecaster's MASE, NaN when not measured
     * @param margin       required relative improvement over the champion, e.g. 0.02
     */
    public static Decision decide(double candidateMase, double championMase, double baselineMase,
                                  double seasonalNaiveMase, double margin) {
        if (!Double.isFinite(candidateMase)) {
            return new Decision(false, "candidate MASE is not finite (nothing scored?)");
        }
        if (!(candidateMase < seasonalNaiveMase)) {
            return new Decision(false, String.format("candidate MASE %.4f does not beat seasonal naive %.4f",
                    candidateMase, seasonalNaiveMase));
        }
        if (Double.isFinite(baselineMase) && !(candidateMase < baselineMase)) {
            return new Decision(false, String.format("candidate MASE %.4f does not beat the baseline %.4f",
                    candidateMase, baselineMase));
        }
        if (Double.isFinite(championMase) && !(candidateMase < championMase * (1 - margin))) {
            return new Decision(false, String.format(
                    "candidate MASE %.4f does not beat champion %.4f by %.1f %%", candidateMase, championMase,
                    margin * 100));
        }
        return new Decision(true, Double.isFinite(championMase)
                ? String.format("candidate MASE %.4f beats champion %.4f and seasonal naive %.4f", candidateMase,
                        championMase, seasonalNaiveMase)
                : String.format("candidate MASE %.4f beats seasonal naive %.4f (no champion)", candidateMase,
                        seasonalNaiveMase));
    }
}
