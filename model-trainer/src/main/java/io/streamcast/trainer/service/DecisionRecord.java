package io.streamcast.trainer.service;

import io.streamcast.core.accuracy.MetricSummary;
import io.streamcast.core.codec.Timestamps;
import io.streamcast.trainer.backtest.PairedComparison;
import io.streamcast.trainer.backtest.PromotionGate;
import io.streamcast.trainer.training.ModelTrainer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A round's decision as the JSON the trainer writes to model-decisions (docs/trainer.md shows one). Every record
 * names its forecast group ({@code group}: the default group's name without a deployment file), since one
 * decisions topic carries every group's, and the trainer process that made it ({@code trainer}: with several
 * trainers, which one led the group then).
 */
final class DecisionRecord {
    private DecisionRecord() {}

    /**
     * @param group            the group the model serves
     * @param trainer          the trainer process that decided ({@link TrainerGroups#trainerId})
     * @param candidateVersion the version the candidate would have had
     * @param championVersion  the champion's version before the round, or null
     */
    static Map<String, Object> of(String modelName, String group, String trainer, ModelTrainer.Round round,
                                  String candidateVersion, String championVersion) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ts", Timestamps.format(System.currentTimeMillis()));
        d.put("model_name", modelName);
        d.put("group", group);
        d.put("trainer", trainer);
        d.put("candidate_version", round.bundle() == null ? null : candidateVersion);
        d.put("champion_version", championVersion);
        d.put("decision", round.decision().outcome().word());
        d.put("reason", round.decision().reason());
        if (round.candidate() != null) {
            d.put("candidate", figures(round.candidate().scores().model()));
            d.put("seasonal_naive", figures(round.candidate().scores().seasonalNaive()));
            d.put("naive", figures(round.candidate().scores().naive()));
            d.put("origins", round.candidate().scores().origins());
            d.put("blend", round.blend());
            d.put("epochs", round.training().epochs());
            d.put("updates", round.training().updates());
            d.put("train_seconds", round.training().seconds());
        }
        if (round.champion() != null) {
            d.put("champion", figures(round.champion().scores().model()));
        }
        if (round.baseline() != null) {
            d.put("baseline", figures(round.baseline().scores().model()));
        }
        PromotionGate.Evidence evidence = round.evidence();
        if (evidence != null) {
            putComparison(d, "candidate_vs_baseline", evidence.candidateVsBaseline());
            putComparison(d, "candidate_vs_champion", evidence.candidateVsChampion());
            putComparison(d, "champion_vs_baseline", evidence.championVsBaseline());
        }
        return d;
    }

    /** @param c null when that comparison was not made (no champion) */
    private static void putComparison(Map<String, Object> d, String key, PairedComparison c) {
        if (c == null) {
            return;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("improvement", finite(c.improvement()));
        f.put("relative", finite(c.relative()));
        f.put("standard_error", finite(c.standardError()));
        f.put("confidence", finite(c.confidence()));
        f.put("series", c.series());
        f.put("blocks", c.blocks());
        d.put(key, f);
    }

    /** The record of a bundle published directly, not by a training round (tests, tools). */
    static Map<String, Object> published(String modelName, String group, String trainer, String version) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ts", Timestamps.format(System.currentTimeMillis()));
        d.put("model_name", modelName);
        d.put("group", group);
        d.put("trainer", trainer);
        d.put("candidate_version", version);
        d.put("decision", "publish");
        d.put("reason", "published directly, not by a training round");
        return d;
    }

    private static Map<String, Object> figures(MetricSummary m) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("mase", finite(m.mase()));
        f.put("smape", finite(m.smape()));
        f.put("mae", finite(m.mae()));
        f.put("coverage", finite(m.coverage()));
        return f;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
