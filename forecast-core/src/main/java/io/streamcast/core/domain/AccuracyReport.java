package io.streamcast.core.domain;

/**
 * A key's rolling accuracy, emitted periodically to the forecast-accuracy topic.
 *
 * @param scored             forecast points scored so far for this key (tracked horizon steps)
 * @param mae                rolling mean absolute error of the served forecasts
 * @param seasonalNaiveMae   the same for seasonal naive over the same points
 * @param mase               {@code mae} over the series' seasonal-naive scale (NaN when the scale is 0)
 * @param coverage           rolling share of actuals inside the prediction interval
 * @param nominalCoverage    the coverage the intervals aim for
 */
public record AccuracyReport(String seriesId, long timestampMillis, String modelVersion, long scored, double mae,
                             double seasonalNaiveMae, double mase, double coverage, double nominalCoverage) {}
