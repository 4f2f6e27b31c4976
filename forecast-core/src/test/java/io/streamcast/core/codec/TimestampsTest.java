package io.streamcast.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    private static final long JULY_1_2014 = 1_404_172_800_000L;

    @Test
    void parsesEveryAcceptedFormatAsUtcUnlessZoned() {
        assertThat(Timestamps.parse("2014-07-01T00:00:00Z")).hasValue(JULY_1_2014);
        assertThat(Timestamps.parse("2014-07-01T00:00:00z")).hasValue(JULY_1_2014);
        assertThat(Timestamps.parse("2014-07-01T05:30:00+05:30")).hasValue(JULY_1_2014);
        assertThat(Timestamps.parse("2014-06-30T20:00:00-04:00")).hasValue(JULY_1_2014);
        assertThat(Timestamps.parse("2014-07-01T00:00:00")).hasValue(JULY_1_2014);
        assertThat(Timestamps.parse("2014-07-01 00:30:00")).hasValue(JULY_1_2014 + 1_800_000);
        assertThat(Timestamps.parse("2014-07-01")).hasValue(JULY_1_2014);
        assertThat(Timestamps.parse("1404172800000")).hasValue(JULY_1_2014);
        assertThat(Timestamps.parse(" 2014-07-01 ")).hasValue(JULY_1_2014);
    }

    @Test
    void rejectsEverythingElse() {
        for (String bad : new String[] {null, "", "-", "2014-07-32", "2014/07/01", "01.07.2014", "12:00",
                "2014-07-01T25:00:00", "99999999999999999999", "2014-07-01Tfoo"}) {
            assertThat(Timestamps.parse(bad)).as(bad).isEqualTo(OptionalLong.empty());
        }
    }

    @Test
    void formatsIsoUtc() {
        assertThat(Timestamps.format(JULY_1_2014)).isEqualTo("2014-07-01T00:00:00Z");
        assertThat(Timestamps.format(JULY_1_2014 + 5)).isEqualTo("2014-07-01T00:00:00.005Z");
        assertThat(Timestamps.isPlausible(JULY_1_2014)).isTrue();
        assertThat(Timestamps.isPlausible(-1)).isFalse();
        assertThat(Timestamps.isPlausible(Timestamps.MAX_MILLIS_EXCLUSIVE)).isFalse();
    }

    @Test
    void formatWritesWhatIsoInstantWritesEverywhere() {
        long day = 86_400_000L;
        long[] edges = {0, 1, 999, 1000, day - 1, day, 951_782_400_000L /* 2000-02-29 */,
                4_107_456_000_000L /* 2100-02-28 (not a leap year) */, 4_107_542_400_000L,
                Timestamps.MAX_MILLIS_EXCLUSIVE - 1, Timestamps.MAX_MILLIS_EXCLUSIVE, -1, -day - 1, Long.MIN_VALUE / 2};
        for (long t : edges) {
            assertThat(Timestamps.format(t)).as("%d", t).isEqualTo(iso(t));
        }
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long t = (long) (random.nextDouble() * Timestamps.MAX_MILLIS_EXCLUSIVE);
            if (i % 2 == 0) {
                t -= t % 1000; // whole seconds, the common case: no fraction written
            }
            assertThat(Timestamps.format(t)).as("%d", t).isEqualTo(iso(t));
            assertThat(Timestamps.parse(Timestamps.format(t))).hasValue(t);
        }
    }

    private static String iso(long millis) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis));
    }
}
