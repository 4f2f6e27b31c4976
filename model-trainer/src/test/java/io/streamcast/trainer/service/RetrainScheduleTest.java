package io.streamcast.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrainScheduleTest {
    private static final long MINUTE = 60_000_000_000L;

    @Test
    void theFirstRoundWaitsForTheMinimumThenRunsAtOnce() {
        RetrainSchedule s = new RetrainSchedule(5_000, Duration.ofMinutes(30), 1_000, 0);
        assertThat(s.startIfDue(999, MINUTE)).isFalse();
        assertThat(s.startIfDue(1_000, MINUTE)).isTrue();
        assertThat(s.startIfDue(1_000, 2 * MINUTE)).isFalse(); // nothing new
    }

    @Test
    void laterRoundsComeAfterEnoughNewPointsOrAfterTheIntervalWithAnyNewPoint() {
        RetrainSchedule s = new RetrainSchedule(5_000, Duration.ofMinutes(30), 1_000, 0);
        assertThat(s.startIfDue(2_000, 0)).isTrue();
        assertThat(s.startIfDue(6_999, MINUTE)).isFalse();
        assertThat(s.startIfDue(7_000, MINUTE)).isTrue(); // 5,000 new points
        assertThat(s.startIfDue(7_001, 30 * MINUTE)).isFalse(); // 29 minutes since the last round
        assertThat(s.startIfDue(7_001, 31 * MINUTE)).isTrue(); // 30 minutes and a new point
        assertThat(s.startIfDue(7_001, 120 * MINUTE)).isFalse(); // no new point: no round, however long
    }
}
