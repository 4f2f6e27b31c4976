package io.streamcast.trainer.service;

import io.streamcast.core.domain.Observation;
import io.streamcast.trainer.SeriesHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainer's bounded memory of the history topic: per series the most recent {@code maxPoints} values in
 * event-time order, for at most {@code maxSeries} series (later series are counted and ignored). The consumer
 * thread appends; the training thread takes snapshots. Out-of-order and duplicate points are skipped and
 * counted, as streams-app does.
 */
public final class HistoryStore {
    private final int maxPoints;
    private final int maxSeries;
    private final Map<String, Ring> series = new LinkedHashMap<>();
    private long accepted;
    private long skipped;
    private long droppedSeries;

    private static final class Ring {
        final long[] ts;
        final float[] values;
        int head;
        int size;

        Ring(int capacity) {
            ts = new long[capacity];
            values = new float[capacity];
        }

        long last() {
            return size == 0 ? Long.MIN_VALUE : ts[(head + size - 1) % ts.length];
        }

        void add(long t, float v) {
            if (size < ts.length) {
                int i = (head + size) % ts.length;
                ts[i] = t;
                values[i] = v;
                size++;
            } else {
                ts[head] = t;
                values[head] = v;
                head = (head + 1) % ts.length;
            }
        }
    }

    public HistoryStore(int maxPoints, int maxSeries) {
        this.maxPoints = maxPoints;
        this.maxSeries = maxSeries;
    }

    public synchronized boolean add(Observation o) {
        Ring ring = series.get(o.seriesId());
        if (ring == null) {
            if (series.size() >= maxSeries) {
                droppedSeries++;
                return false;
            }
            ring = new Ring(maxPoints);
            series.put(o.seriesId(), ring);
        }
        if (o.timestampMillis() <= ring.last()) {
            skipped++;
            return false;
        }
        ring.add(o.timestampMillis(), (float) o.value());
        accepted++;
        return true;
    }

    public synchronized List<SeriesHistory> snapshot() {
        List<SeriesHistory> list = new ArrayList<>(series.size());
        series.forEach((id, ring) -> {
            long[] ts = new long[ring.size];
            float[] vs = new float[ring.size];
            for (int i = 0; i < ring.size; i++) {
                int k = (ring.head + i) % ring.ts.length;
                ts[i] = ring.ts[k];
                vs[i] = ring.values[k];
            }
            list.add(new SeriesHistory(id, ts, vs));
        });
        return list;
    }

    public synchronized long accepted() {
        return accepted;
    }

    public synchronized long skipped() {
        return skipped;
    }

    public synchronized int seriesCount() {
        return series.size();
    }

    public synchronized long droppedSeries() {
        return droppedSeries;
    }

    public synchronized long points() {
        long n = 0;
        for (Ring r : series.values()) {
            n += r.size;
        }
        return n;
    }
}
