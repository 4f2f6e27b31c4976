package io.streamcast.trainer.training;

import io.streamcast.core.model.Feature;
import io.streamcast.trainer.SeriesHistory;
import java.util.List;

/**
 * Which calendar inputs a history can teach. A time-of-day or day-of-week input is only worth having when the
 * history holds that period's phases several times: in one week of data every weekday occurs once, and the
 * network uses the day-of-week input to memorise what happened on that one Monday rather than what Mondays do.
 * Measured on the first week of ec2 + rds CPU utilization (the demo's first round, docs/accuracy.md): with the
 * day-of-week inputs the validation loss rose from the first updates on and the candidate equalled the
 * baseline; without them it fell, and the candidate was 0.3-0.6 % better.
 */
final class CalendarFeatures {
    /** Periods of the calendar a series must span for the period's inputs to be kept. */
    static final int MIN_CYCLES = 3;

    private CalendarFeatures() {}

    /**
     * {@code features} without the calendar inputs whose period is longer than a third of the longest series'
     * time span (first to last timestamp); value inputs are always kept.
     */
    static List<Feature> supported(List<Feature> features, List<SeriesHistory> histories) {
        long span = longestSpanMillis(histories);
        return features.stream()
                .filter(f -> f.calendarPeriodMillis() == 0 || span >= MIN_CYCLES * f.calendarPeriodMillis())
                .toList();
    }

    static long longestSpanMillis(List<SeriesHistory> histories) {
        long longest = 0;
        for (SeriesHistory s : histories) {
            if (s.size() > 1) {
                longest = Math.max(longest, s.timestamps()[s.size() - 1] - s.timestamps()[0]);
            }
        }
        return longest;
    }
}
