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
    /**
     * How much of the newest seasonal difference y(t) - y(t-m) carries to the next one, phi in [0, 1), in
     * 1/65536ths (a u16 in the state, so a decoded state forecasts exactly as the one in memory did).
     */
    int persistenceQuanta;

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

    /** The persistence phi as a number in [0, 1), from its quanta. */
    double persistence() {
        return persistenceQuanta / PERSISTENCE_ONE;
    }

    /** The u16 grid phi lives on. */
    static final double PERSISTENCE_ONE = 65536.0;
}
