package io.streamcast.trainer;

import java.util.Arrays;
import java.util.Objects;

/** One series' observations in event-time order, as the trainer keeps and replays them. */
public record SeriesHistory(String seriesId, long[] timestamps, float[] values) {
    public SeriesHistory {
        Objects.requireNonNull(seriesId, "seriesId");
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }

    public int size() {
        return values.length;
    }

    /** The first {@code n} points. */
    public SeriesHistory head(int n) {
        return new SeriesHistory(seriesId, Arrays.copyOf(timestamps, n), Arrays.copyOf(values, n));
    }

    public double[] valuesAsDoubles() {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
