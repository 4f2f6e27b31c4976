package io.streamcast.cli.demo;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.trainer.SeriesHistory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Picks horizon, season and window for data the user did not describe, from the spacing of its observations. */
final class DemoSettings {
    private DemoSettings() {}

    /** The median spacing of the first series with at least two points; one hour when there is none. */
    static long medianStep(List<SeriesHistory> series) {
        for (SeriesHistory s : series) {
            if (s.size() > 1) {
                long[] d = new long[s.size() - 1];
                for (int i = 1; i < s.size(); i++) {
                    d[i - 1] = s.timestamps()[i] - s.timestamps()[i - 1];
                }
                Arrays.sort(d);
                return Math.max(1, d[d.length / 2]);
            }
        }
        return Duration.ofHours(1).toMillis();
    }

    /**
     * Season = steps per day when a day has at most 288 steps (data every 5 minutes or slower), else 1 (for
     * minute data a daily season would need 1,440 values per key); horizon = one season up to 48 steps, else
     * 12 steps. A daily season for 5-minute data costs a window of 289 values per key (about 1.4 KB of state),
     * which a demo affords; with m = 1 the LSTM on the two bundled 5-minute series never beat the local-median
     * baseline, with m = 288 it did (docs/accuracy.md).
     */
    static ForecastSettings choose(List<SeriesHistory> series, Integer horizon, Integer season) {
        long step = medianStep(series);
        long perDay = Math.max(1, Math.round(86_400_000.0 / step));
        int m = season != null ? season : (perDay <= 288 ? (int) perDay : 1);
        int h = horizon != null ? horizon : (m > 1 && m <= 48 ? m : 12);
        return new ForecastSettings(h, ForecastSettings.defaultWindow(h, m), m, 0.9, 24, Duration.ofMillis(step));
    }
}
