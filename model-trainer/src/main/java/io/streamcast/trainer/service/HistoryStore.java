package io.streamcast.trainer.service;

import io.streamcast.core.domain.Observation;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.trainer.SeriesHistory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The trainer's bounded memory of the history topic: per series the most recent {@code maxPoints} values in
 * event-time order, for at most {@code maxSeries} series. The consumer thread appends; the training thread
 * takes snapshots. Out-of-order and duplicate points are skipped and counted, as streams-app does.
 *
 * <p><b>Memory</b> grows with the data, not with the caps: a series' buffers start small and double up to
 * {@code maxPoints}, so ten thousand junk keys of one point each cost a few MB, not ten thousand full histories.
 * The worst case is {@code maxSeries × maxPoints × 12} bytes (8 for the time, 4 for the value), which
 * docs/trainer.md states for the defaults.
 *
 * <p><b>Beyond {@code maxSeries}</b> the store keeps a uniform random sample of the distinct series: the ones
 * with the smallest hashes of their ids (a bottom-k sample). Unlike first-come-first-kept, which series are
 * kept does not depend on arrival order or volume. A newcomer with a smaller hash than the largest kept one
 * replaces that series (its history is dropped); the others are left out and counted. The number of distinct
 * series seen is estimated from the k-th smallest hash (KMV).
 *
 * <p>The hash is keyed (HMAC-SHA256 with {@link #sampleKey}): with a public hash, whoever can write to an
 * input topic could compute ids that hash below every real series and push them all out of the sample. With the
 * model key as the secret, the sample is the same after a restart and on every trainer of the model (a standby
 * that takes over trains on the same series).
 */
public final class HistoryStore {
    static final int INITIAL_CAPACITY = 64;

    private final int maxPoints;
    private final int maxSeries;
    private final Map<String, Ring> series = new HashMap<>();
    /** Kept series by hash; the last key is the one a smaller newcomer replaces. */
    private final TreeMap<Long, String> byHash = new TreeMap<>(Long::compareUnsigned);
    private static final String MAC = "HmacSHA256";
    private final Mac mac; // used under the store's lock
    private long accepted;
    private long skipped;
    private long recordsLeftOut;
    private long seriesReplaced;
    private long points;

    private static final class Ring {
        final long hash;
        long[] ts;
        float[] values;
        int head;
        int size;

        Ring(long hash, int capacity) {
            this.hash = hash;
            ts = new long[capacity];
            values = new float[capacity];
        }

        long last() {
            return size == 0 ? Long.MIN_VALUE : ts[(head + size - 1) % ts.length];
        }

        /** @return whether the ring grew by one point (false: the oldest was overwritten) */
        boolean add(long t, float v, int maxPoints) {
            if (size == ts.length && ts.length < maxPoints) { // still filling: no wrap yet, head is 0
                int capacity = (int) Math.min(maxPoints, 2L * ts.length);
                ts = Arrays.copyOf(ts, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            if (size < ts.length) {
                int i = (head + size) % ts.length;
                ts[i] = t;
                values[i] = v;
                size++;
                return true;
            }
            ts[head] = t;
            values[head] = v;
            head = (head + 1) % ts.length;
            return false;
        }
    }

    /** A store whose sample is keyed with a random secret of this process (tests, and a trainer without a key). */
    public HistoryStore(int maxPoints, int maxSeries) {
        this(maxPoints, maxSeries, randomKey());
    }

    /** @param sampleKey the secret the sample's hash is keyed with ({@link #sampleKey}) */
    public HistoryStore(int maxPoints, int maxSeries, byte[] sampleKey) {
        if (maxPoints < 1 || maxSeries < 1) {
            throw new IllegalArgumentException("maxPoints and maxSeries must be >= 1");
        }
        this.maxPoints = maxPoints;
        this.maxSeries = maxSeries;
        this.mac = hmac(sampleKey);
    }

    /**
     * The sample's secret for a trainer: derived from the model key (HMAC of a fixed label, so the key itself is
     * not reused as is), or random for this process when there is none (the sample then changes on a restart).
     */
    public static byte[] sampleKey(ModelTrust trust) {
        if (!trust.hasKey()) {
            return randomKey();
        }
        return hmac(trust.key().getBytes(StandardCharsets.UTF_8))
                .doFinal("streamcast history sample".getBytes(StandardCharsets.UTF_8));
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(key, MAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + MAC, e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public synchronized boolean add(Observation o) {
        Ring ring = series.get(o.seriesId());
        if (ring == null) {
            ring = admit(o.seriesId());
            if (ring == null) {
                recordsLeftOut++;
                return false;
            }
        }
        if (o.timestampMillis() <= ring.last()) {
            skipped++;
            return false;
        }
        if (ring.add(o.timestampMillis(), (float) o.value(), maxPoints)) {
            points++;
        }
        accepted++;
        return true;
    }

    /** A new series' ring, or null when the sample is full and this series is not in it. */
    private Ring admit(String id) {
        long hash = hash(id);
        if (series.size() >= maxSeries) {
            Map.Entry<Long, String> largest = byHash.lastEntry();
            if (Long.compareUnsigned(hash, largest.getKey()) >= 0 || byHash.containsKey(hash)) {
                return null;
            }
            byHash.pollLastEntry();
            Ring evicted = series.remove(largest.getValue());
            points -= evicted.size;
            seriesReplaced++;
        }
        Ring ring = new Ring(hash, Math.min(INITIAL_CAPACITY, maxPoints));
        series.put(id, ring);
        byHash.put(hash, id);
        return ring;
    }

    /**
     * The first 64 bits of HMAC-SHA256(sample key, the id's UTF-8 bytes). About a microsecond: paid once per new
     * series while the sample is not full, then by every record of a series left out (not worth a cache that
     * junk keys would fill).
     */
    long hash(String id) {
        byte[] digest = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (digest[i] & 0xff);
        }
        return h;
    }

    public synchronized List<SeriesHistory> snapshot() {
        List<SeriesHistory> list = new ArrayList<>(series.size());
        // in hash order: a stable order that does not depend on arrival
        for (String id : byHash.values()) {
            Ring ring = series.get(id);
            long[] ts = new long[ring.size];
            float[] vs = new float[ring.size];
            for (int i = 0; i < ring.size; i++) {
                int k = (ring.head + i) % ring.ts.length;
                ts[i] = ring.ts[k];
                vs[i] = ring.values[k];
            }
            list.add(new SeriesHistory(id, ts, vs));
        }
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

    /** Records of series outside the sample. */
    public synchronized long recordsLeftOut() {
        return recordsLeftOut;
    }

    /** Kept series that a newcomer with a smaller hash replaced. */
    public synchronized long seriesReplaced() {
        return seriesReplaced;
    }

    /**
     * Distinct series seen, estimated: exact while the sample is not full, else from the largest kept hash
     * ((k - 1) / u_k, the KMV estimator; about 1/sqrt(k) relative error).
     */
    public synchronized long seriesSeenEstimate() {
        if (series.size() < maxSeries) {
            return series.size();
        }
        double largest = unsigned(byHash.lastKey());
        double u = largest / 18446744073709551616.0; // 2^64
        return Math.max(series.size(), Math.round((maxSeries - 1) / u));
    }

    /** Distinct series left out of the sample (estimated; 0 while it is not full). */
    public synchronized long seriesLeftOutEstimate() {
        return seriesSeenEstimate() - series.size();
    }

    private static double unsigned(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }

    public synchronized long points() {
        return points;
    }

    public int maxSeries() {
        return maxSeries;
    }

    public int maxPoints() {
        return maxPoints;
    }
}
