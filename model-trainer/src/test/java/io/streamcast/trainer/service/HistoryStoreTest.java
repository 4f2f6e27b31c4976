package io.streamcast.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.domain.Observation;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.trainer.SeriesHistory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HistoryStoreTest {
    @Test
    void keepsTheNewestPointsPerSeriesInEventTimeOrderAndSkipsOutOfOrderOnes() {
        HistoryStore store = new HistoryStore(100, 10);
        for (int t = 0; t < 250; t++) {
            store.add(new Observation("s", 1_000L * t, t));
        }
        assertThat(store.add(new Observation("s", 5_000L, 1))).isFalse(); // older than the newest: skipped
        SeriesHistory s = store.snapshot().get(0);
        assertThat(s.size()).isEqualTo(100);
        assertThat(s.values()[0]).isEqualTo(150f);
        assertThat(s.values()[99]).isEqualTo(249f);
        assertThat(store.points()).isEqualTo(100);
        assertThat(store.accepted()).isEqualTo(250);
        assertThat(store.skipped()).isEqualTo(1);
    }

    @Test
    void memoryFollowsTheDataNotTheCaps() {
        // 100,000 series of one point each under a cap of 100,000 x 5,000 points: buffers start small
        HistoryStore store = new HistoryStore(5_000, 100_000);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        for (int i = 0; i < 100_000; i++) {
            store.add(new Observation("junk-" + i, 1_000L, i));
        }
        System.gc();
        long used = rt.totalMemory() - rt.freeMemory() - before;
        assertThat(store.seriesCount()).isEqualTo(100_000);
        assertThat(store.points()).isEqualTo(100_000);
        // pre-allocated full histories would be 100,000 x 5,000 x 12 B = 6 GB; as data arrives it is ~100 MB
        assertThat(used).isLessThan(400L * 1024 * 1024);
    }

    @Test
    void beyondTheCapItKeepsTheSameSampleOfSeriesWhateverTheArrivalOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ids.add("sensor-" + i);
        }
        Set<String> kept = keptAfter(ids);
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new Random(7));
        assertThat(keptAfter(shuffled)).isEqualTo(kept);
        assertThat(kept).hasSize(100);
        // fair: not the first 100 to arrive
        assertThat(kept.stream().filter(id -> ids.indexOf(id) < 100).count()).isLessThan(30);
    }

    @Test
    void theSampleIsKeyedWithASecretSoCraftedIdsCannotPushTheRealSeriesOut() {
        List<String> real = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            real.add("sensor-" + i);
        }
        // the attacker's tool: the public hash the store used before, the ids with the smallest values of it
        List<String> crafted = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            crafted.add("evil-" + i);
        }
        crafted.sort((x, y) -> Long.compareUnsigned(publicHash(x), publicHash(y)));
        crafted = crafted.subList(0, 500);
        List<String> all = new ArrayList<>(real);
        all.addAll(crafted);
        List<String> byPublicHash = new ArrayList<>(all);
        byPublicHash.sort((x, y) -> Long.compareUnsigned(publicHash(x), publicHash(y)));
        assertThat(byPublicHash.subList(0, 100)).as("with a public hash every real series is out")
                .doesNotContainAnyElementsOf(real);

        Set<String> kept = keptAfter(all);
        long realKept = kept.stream().filter(real::contains).count();
        // keyed, the crafted ids are as random as any: 100 of 600 kept, a sixth of them real (17 expected)
        assertThat(realKept).isBetween(5L, 35L);
    }

    @Test
    void theSampleKeyFollowsTheModelKeySoRestartsAndStandbysKeepTheSameSample() {
        assertThat(HistoryStore.sampleKey(ModelTrust.signed("k1"))).isEqualTo(HistoryStore.sampleKey(
                ModelTrust.signed("k1")));
        assertThat(HistoryStore.sampleKey(ModelTrust.signed("k1"))).isNotEqualTo(HistoryStore.sampleKey(
                ModelTrust.signed("k2")));
        assertThat(HistoryStore.sampleKey(ModelTrust.signed("k1"))).isNotEqualTo("k1".getBytes());
        assertThat(HistoryStore.sampleKey(ModelTrust.unsignedAllowed())).as("no key: random")
                .isNotEqualTo(HistoryStore.sampleKey(ModelTrust.unsignedAllowed()));
    }

    /** FNV-1a with SplitMix64's avalanche: an unkeyed hash, whose collisions anyone can compute. */
    private static long publicHash(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    private static final byte[] KEY = HistoryStore.sampleKey(ModelTrust.signed("history-store-test-key"));

    private static Set<String> keptAfter(List<String> ids) {
        HistoryStore store = new HistoryStore(10, 100, KEY);
        for (int round = 0; round < 3; round++) {
            for (String id : ids) {
                store.add(new Observation(id, 1_000L * round, round));
            }
        }
        assertThat(store.seriesCount()).isEqualTo(100);
        // every kept series has all its points: a series is replaced only by a newcomer, before it had more
        assertThat(store.snapshot()).allSatisfy(s -> assertThat(s.size()).isEqualTo(3));
        // the number of distinct series is estimated within a few 1/sqrt(100) of it
        assertThat(store.seriesSeenEstimate()).isBetween(ids.size() * 6L / 10, ids.size() * 3L / 2);
        assertThat(store.seriesLeftOutEstimate()).isEqualTo(store.seriesSeenEstimate() - 100);
        // after the first round only the sample's series are accepted
        assertThat(store.recordsLeftOut()).isGreaterThanOrEqualTo(2L * (ids.size() - 100));
        return store.snapshot().stream().map(SeriesHistory::seriesId).collect(Collectors.toCollection(TreeSet::new));
    }
}
