package io.streamcast.trainer.service;

import io.streamcast.core.accuracy.MetricSummary;
import io.streamcast.core.codec.Timestamps;
import io.streamcast.trainer.training.ModelTrainer;
import java.util.LinkedHashMap;
import java.util.Map;

/** A round's decision as the JSON the trainer writes to model-decisions (docs/trainer.md shows one). */
final class DecisionRecord {
    private DecisionRecord() {}

    /**
     * @param candidateVersion the version the candidate would have had
     * @param championVersion  the champion's version before the round, or null
     */
    static Map<String, Object> of(String modelName, ModelTrainer.Round round, String candidateVersion,
                                  String championVersion) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ts", Timestamps.format(System.currentTimeMillis()));
        d.put("model_name", modelName);
        d.put("candidate_version", round.bundle() == null ? null : candidateVersion);
        d.put("champion_version", championVersion);
        d.put("decision", round.decision().promote() ? "promote" : "refuse");
        d.put("reason", round.decision().reason());
        if (round.candidate() != null) {
            d.put("candidate", figures(round.candidate().model()));
            d.put("seasonal_naive", figures(round.candidate().seasonalNaive()));
            d.put("naive", figures(round.candidate().naive()));
            d.put("origins", round.candidate().origins());
            d.put("blend", round.blend());
            d.put("epochs", round.training().epochs());
            d.put("updates", round.training().updates());
            d.put("train_seconds", round.training().seconds());
        }
        if (round.champion() != null) {
            d.put("champion", figures(round.champion().model()));
        }
        if (round.baseline() != null) {
            d.put("baseline", figures(round.baseline().model()));
        }
        return d;
    }

    /** The record of a bundle published directly, not by a training round (tests, tools). */
    static Map<String, Object> published(String modelName, String version) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ts", Timestamps.format(System.currentTimeMillis()));
        d.put("model_name", modelName);
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
