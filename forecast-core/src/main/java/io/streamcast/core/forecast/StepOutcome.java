package io.streamcast.core.forecast;

import io.streamcast.core.domain.Forecast;

/**
 * The result of offering one observation to a key.
 *
 * @param kind     what happened
 * @param forecast the forecast made (only for {@link Kind#FORECAST})
 * @param score    the scoring of earlier forecasts against this observation
 * @param primed   whether the key's carried LSTM state was (re)built from its window for this step, as happens
 *                 on a key's first model step and after a model swap
 * @param filled   missing steps forward-filled before this observation
 * @param reset    whether a gap longer than the fill limit reset the key's sequence
 */
public record StepOutcome(Kind kind, Forecast forecast, ScoreSummary score, boolean primed, int filled,
                          boolean reset) {
    public enum Kind {
        FORECAST,
        /** Same event time as the key's last observation: ignored and counted. */
        DUPLICATE,
        /** Older than the key's last observation: dead-lettered with reason {@code late}. */
        LATE
    }

    static final StepOutcome DUPLICATE = new StepOutcome(Kind.DUPLICATE, null, ScoreSummary.NONE, false, 0, false);
    static final StepOutcome LATE = new StepOutcome(Kind.LATE, null, ScoreSummary.NONE, false, 0, false);
}
