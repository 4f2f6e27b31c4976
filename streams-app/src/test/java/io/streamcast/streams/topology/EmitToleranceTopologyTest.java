package io.streamcast.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.streams.config.ForecastOutput;
import io.streamcast.streams.config.GroupNodes;
import io.streamcast.streams.config.StreamsAppConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emit policy by tolerance through the whole topology: what is written and suppressed, the count identity, the
 * stale bound, --emit-every beside it, and the last written forecasts' store (changelogged, restored, expired).
 * The fixture's series: H = 6, m = 4, hourly; a flat series is forecast by seasonal naive with intervals of width 0
 * or nearly, so its forecasts do not move until its value does.
 */
class EmitToleranceTopologyTest {
    private static final long T = TopologyFixture.T0.toEpochMilli();
    private static final long HOUR = TopologyFixture.HOUR;
    /** 8 hours at 10, then 10 at 20. */
    private static final double[] STEP_CHANGE = {10, 10, 10, 10, 10, 10, 10, 10, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20};

    @TempDir
    Path stateDir;

    private final List<TopologyFixture> fixtures = new ArrayList<>();

    @AfterEach
    void close() {
        fixtures.forEach(TopologyFixture::close);
    }

    private TopologyFixture start(String dir, ForecastOutput output) {
        StreamsAppConfig c = TopologyFixture.config(stateDir.resolve(dir));
        TopologyFixture f = new TopologyFixture(c.withTopology(c.topology().withOutput(output)));
        fixtures.add(f);
        return f;
    }

    private static ForecastOutput tolerance(double x, int every) {
        return new ForecastOutput(every, OptionalDouble.of(x));
    }

    private static List<Long> hoursOfOrigins(List<Forecast> written) {
        return written.stream().map(f -> (f.originMillis() - T) / HOUR).toList();
    }

    private static void assertIdentity(TopologyFixture f) {
        assertThat(f.counter("streamcast.observations.in")).isEqualTo(f.counter("streamcast.forecasts.out")
                + f.counter("streamcast.forecasts.suppressed") + f.counter("streamcast.duplicates")
                + f.counter("streamcast.dlq", "reason", "late"));
    }

    @Test
    void aFlatSeriesIsSuppressedAfterItsFirstForecastAndAStepChangeWritesAgain() {
        TopologyFixture f = start("tolerance", tolerance(0.5, 1));
        for (int i = 0; i < STEP_CHANGE.length; i++) {
            f.send("a", T + i * HOUR, STEP_CHANGE[i]);
        }
        f.send("a", T + 17 * HOUR, 20); // a duplicate: neither written nor suppressed
        // hour 0: the first; 6: the one of hour 0 no longer covers the next step (H = 6); 8-11: the step change
        // moves a step's mean each hour as it enters the seasonal-naive season; 17: 6 hours after 11, stale again
        assertThat(hoursOfOrigins(f.readForecasts())).containsExactly(0L, 6L, 8L, 9L, 10L, 11L, 17L);
        assertThat(f.counter("streamcast.forecasts.out")).isEqualTo(7);
        assertThat(f.counter("streamcast.forecasts.suppressed", "group", "default")).isEqualTo(11);
        assertThat(f.counter("streamcast.duplicates")).isEqualTo(1);
        assertIdentity(f);
    }

    @Test
    void emitEveryBesideAToleranceBoundsTheObservationsBetweenTwoWrites() {
        TopologyFixture f = start("both", tolerance(0.5, 3));
        for (int i = 0; i < STEP_CHANGE.length; i++) {
            f.send("a", T + i * HOUR, STEP_CHANGE[i]);
        }
        // every 3 observations while nothing moves (0, 3, 6; 11, 14, 17), and each move at once (8, only 2 after 6)
        assertThat(hoursOfOrigins(f.readForecasts())).containsExactly(0L, 3L, 6L, 8L, 9L, 10L, 11L, 14L, 17L);
        assertThat(f.counter("streamcast.forecasts.suppressed")).isEqualTo(9);
        assertIdentity(f);
    }

    @Test
    void aNoisySeriesIsWrittenExactlyWhenTheRuleSaysAndTheWrittenForecastsAreThoseOfAnEveryOneRun() {
        double x = 0.5;
        TopologyFixture tol = start("tolerance", tolerance(x, 1));
        TopologyFixture all = start("all", ForecastOutput.DEFAULTS);
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            // a daily shape with noise, and a level shift half way: some forecasts move, most do not
            double v = 100 + 10 * Math.sin(2 * Math.PI * i / 4) + random.nextGaussian() + (i >= 100 ? 30 : 0);
            tol.send("a", T + i * HOUR, v);
            all.send("a", T + i * HOUR, v);
        }
        List<Forecast> everyOne = all.readForecasts();
        List<Forecast> expected = new ArrayList<>();
        for (Forecast next : everyOne) { // the rule as docs/configuration.md states it, in doubles
            if (expected.isEmpty() || movedBeyond(expected.get(expected.size() - 1), next, x)) {
                expected.add(next);
            }
        }
        List<Forecast> written = tol.readForecasts();
        assertThat(written).containsExactlyElementsOf(expected);
        assertThat(written.size()).isBetween(10, 190); // the rule did suppress, and did not suppress everything
        assertThat(tol.counter("streamcast.forecasts.suppressed")).isEqualTo(200 - written.size());
        assertIdentity(tol);
    }

    private static boolean movedBeyond(Forecast last, Forecast next, double x) {
        int shift = (int) Math.round((double) (next.originMillis() - last.originMillis()) / HOUR);
        if (shift >= last.horizon()) {
            return true;
        }
        for (int k = 1; k + shift <= last.horizon(); k++) {
            ForecastPoint p = next.points().get(k - 1);
            if (Math.abs(p.mean() - last.points().get(k + shift - 1).mean()) > x * (p.upper() - p.lower()) / 2) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theLastWrittenForecastsAreChangeloggedAndARestoredTaskGoesOnWhereItWas() {
        String app = TopologyFixture.config(stateDir).applicationId();
        TopologyFixture first = start("first", tolerance(0.5, 1));
        for (int i = 0; i < 4; i++) {
            first.send("a", T + i * HOUR, 10);
        }
        assertThat(hoursOfOrigins(first.readForecasts())).containsExactly(0L);
        var stateLog = first.driver.createOutputTopic(app + "-series-state-changelog", Serdes.String().deserializer(),
                new SeriesStateSerde(TopologyFixture.SETTINGS).deserializer()).readKeyValuesToList();
        var writtenLog = first.driver.createOutputTopic(app + "-written-forecasts-changelog",
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer()).readKeyValuesToList();
        assertThat(writtenLog).extracting(kv -> kv.key).containsExactly("a"); // one write, one changelog record

        // a new instance of the task restores both stores from their changelogs (here: by hand, as a restore puts
        // them) and goes on: hours 4 and 5 are suppressed, 6 is written (the one of hour 0 is stale), 7 not
        TopologyFixture restored = start("restored", tolerance(0.5, 1));
        restore(restored, stateLog, writtenLog);
        // without the last written forecast, the key's next forecast would have been written as its first
        TopologyFixture stateOnly = start("state-only", tolerance(0.5, 1));
        restore(stateOnly, stateLog, List.of());
        for (int i = 4; i < 8; i++) {
            restored.send("a", T + i * HOUR, 10);
            stateOnly.send("a", T + i * HOUR, 10);
        }
        assertThat(hoursOfOrigins(restored.readForecasts())).containsExactly(6L);
        assertThat(hoursOfOrigins(stateOnly.readForecasts())).containsExactly(4L);
    }

    private static void restore(TopologyFixture f, List<KeyValue<String, SeriesState>> state,
                                List<KeyValue<String, byte[]>> written) {
        KeyValueStore<String, SeriesState> s = f.store();
        state.forEach(kv -> s.put(kv.key, kv.value));
        KeyValueStore<String, byte[]> w = f.driver.getKeyValueStore(GroupNodes.of("default").writtenStore());
        written.forEach(kv -> w.put(kv.key, kv.value));
    }

    @Test
    void anExpiredKeyLeavesNoLastWrittenForecastBehind() {
        TopologyFixture f = start("expiry", tolerance(0.5, 1)); // TTL 10 h
        f.send("idle", T, 1);
        f.send("busy", T + 20 * HOUR, 1);
        KeyValueStore<String, byte[]> written = f.driver.getKeyValueStore("written-forecasts");
        assertThat(written.get("idle")).isNotNull();
        f.driver.advanceWallClockTime(Duration.ofHours(11)); // idle on both clocks (IdleKeyExpiry)
        assertThat(f.store().get("idle")).isNull();
        assertThat(written.get("idle")).isNull();
        assertThat(written.get("busy")).isNotNull();
    }

    @Test
    void withoutAToleranceTheTopologyHasNoWrittenForecastsStore() {
        assertThat(ForecastTopology.build(TopologyFixture.config(stateDir)).describe().toString())
                .contains("series-state").doesNotContain("written-forecasts");
        StreamsAppConfig c = TopologyFixture.config(stateDir);
        assertThat(ForecastTopology.build(c.withTopology(c.topology().withOutput(tolerance(0, 1)))).describe()
                .toString()).contains("written-forecasts");
    }
}
