package io.streamcast.cli.evaluate;

import io.streamcast.core.accuracy.MetricSummary;
import java.util.List;

/**
 * What {@code evaluate} measured; serialized as the report JSON (a contract: keys as in docs/evaluate.md).
 */
public record EvaluationReport(String mode, int horizon, int season, int series, long forecasts,
                               List<String> modelVersions, MetricSummary model, MetricSummary naive,
                               MetricSummary seasonalNaive, List<MetricSummary.PerSeries> perSeries,
                               double trainSeconds, double seconds, int rows, int badRows,
                               List<String> decisions) {}
