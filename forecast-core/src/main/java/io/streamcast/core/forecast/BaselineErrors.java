package io.streamcast.core.forecast;

/**
 * The rolling |error| of naive, seasonal naive and the local median on one key over its tracked steps, and how
 * many points they were scored on (saturating): what {@link BaselineChoice} tracks and chooses the key's baseline
 * by. Coded by {@link BaselineErrorsCodec}.
 */
final class BaselineErrors {
    float naive;
    float seasonalNaive;
    float median;
    int scored;

    float naive() {
        return naive;
    }

    float seasonalNaive() {
        return seasonalNaive;
    }

    float median() {
        return median;
    }

    int scored() {
        return scored;
    }
}
