package io.streamcast.core.forecast;

/**
 * A key's normalization statistics: the exponentially smoothed level, the running mean absolute seasonal difference
 * (the MASE scale), and the same scale of ln y over the key's current run of positive values (the positive run,
 * saturating) for models in log space. {@link SeriesNormalization} updates them and says what they mean; coded by
 * {@link NormalizationStatisticsCodec}.
 */
final class NormalizationStatistics {
    float level;
    float scale;
    int scaleCount;
    float logScale;
    int logScaleCount;
    int positiveRun;

    float level() {
        return level;
    }

    float scale() {
        return scale;
    }

    int scaleCount() {
        return scaleCount;
    }

    float logScale() {
        return logScale;
    }

    int logScaleCount() {
        return logScaleCount;
    }

    int positiveRun() {
        return positiveRun;
    }
}
