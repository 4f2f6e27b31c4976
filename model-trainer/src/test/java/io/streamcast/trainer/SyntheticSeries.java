package io.streamcast.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Daily-seasonal hourly series with persistent (AR(1)) deviations: seasonal naive is good but beatable. */
public final class SyntheticSeries {
    static final long T0 = 1_404_172_800_000L;
    static final long HOUR = 3_600_000L;

    private SyntheticSeries() {}

    public static List<SeriesHistory> generate(int count, int length, long seed) {
        Random random = new Random(seed);
        List<SeriesHistory> list = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double phase = random.nextDouble() * 2 * Math.PI;
            double amplitude = 5 + random.nextDouble() * 10;
            double level = 50 + random.nextDouble() * 100;
            double ar = 0;
            long[] ts = new long[length];
            float[] ys = new float[length];
            for (int t = 0; t < length; t++) {
                ar = 0.9 * ar + random.nextGaussian() * amplitude * 0.15;
                ts[t] = T0 + t * HOUR;
                ys[t] = (float) (level + amplitude * Math.sin(2 * Math.PI * t / 24 + phase) + ar);
            }
            list.add(new SeriesHistory("syn-" + s, ts, ys));
        }
        return list;
    }
}
