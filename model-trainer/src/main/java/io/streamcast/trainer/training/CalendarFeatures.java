package io.streamcast.trainer.training;

import io.streamcast.core.model.Feature;
import io.streamcast.trainer.SeriesHistory;
import java.util.List;

/**
 * Which calendar inputs a history can teach. A time-of-day or day-of-week input is only worth having when the
 * history holds every phase of that period more than once: in one week of data every weekday occurs once, and the
 * network uses the day-of-week input to memorise what happened on that one Monday rather than what Mondays do.
 * Measured on the first week of ec2 + rds CPU utilization (the contract demo's first round, docs/accuracy.md): with
 * the day-of-week inputs the validation loss rose from the first updates on and the candidate equalled the
 * baseline; without them it fell, and the candidate was 0.3-0.6 % better.
 */
final class CalendarFeatures {
    /**
     * Periods of the calendar the longest series must cover for the period's inputs to be kept: two, so every phase
     * occurs at least twice. One week of day-of-week inputs clearly hurt; between ten days and two weeks the runs
     * of the demos went either way, within their noise (docs/accuracy.md).
     */
    static final double MIN_CYCLES = 2;

    private CalendarFeatures() {}

    /**
     * {@code features} without the calendar inputs whose period the longest series covers fewer than
     * {@link #MIN_CYCLES} times; value inputs are always kept.
     */
    static List<Feature> supported(List<Feature> features, List<SeriesHistory> histories) {
        long covered = longestCoverMillis(histories);
        return features.stream()
                .filter(f -> f.calendarPeriodMillis() == 0 || covered >= MIN_CYCLES * f.calendarPeriodMillis())
                .toList();
    }

    /**
     * The time the longest series covers: its n points, each standing for one step, so (last - first) * n / (n - 1)
     * (two weeks of 5-minute points cover two weeks, although the first and last are 5 minutes less apart).
     */
    static long longestCoverMillis(List<SeriesHistory> histories) {
        long longest = 0;
        for (SeriesHistory s : histories) {
            int n = s.size();
            if (n > 1) {
                long span = s.timestamps()[n - 1] - s.timestamps()[0];
                longest = Math.max(longest, (long) (span * (double) n / (n - 1)));
            }
        }
        return longest;
    }
}
