package io.streamcast.core.forecast;

/**
 * A key's rolling accuracy over its tracked steps (exponential moving averages): |error| of its forecasts and of
 * seasonal naive, interval coverage, and how many points were scored (saturating). {@link OnlineCalibration}
 * scores into it; coded by {@link RollingAccuracyCodec}.
 */
final class RollingAccuracy {
    float modelAbsError;
    float seasonalNaiveAbsError;
    float coverage;
    int scored;

    float modelAbsError() {
        return modelAbsError;
    }

    float seasonalNaiveAbsError() {
        return seasonalNaiveAbsError;
    }

    float coverage() {
        return coverage;
    }

    int scored() {
        return scored;
    }
}
