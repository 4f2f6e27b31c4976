package io.streamcast.cli.evaluate;

import io.streamcast.core.accuracy.BaselineComparison;
import java.util.List;

/**
 * What {@code evaluate} measured; serialized as the report JSON (a contract: keys as in docs/evaluate.md).
 *
 * @param coverage  the intervals' nominal coverage (MSIS's 1 - alpha)
 * @param scoreFrom the first row scored in each series (--score-from), or null when every row may be
 * @param scores    every figure: the model, naive, seasonal naive, Naive2 when asked, per series and per step
 */
public record EvaluationReport(String mode, int horizon, int season, double coverage, Integer scoreFrom,
                               int series, List<String> modelVersions, BaselineComparison.Result scores,
                               double trainSeconds, double seconds, int rows, int badRows,
                               List<String> decisions) {

    /** Forecasts scored: origins with at least one scored step (rolling), or series (holdout). */
    public long forecasts() {
        return scores.origins();
    }
}
