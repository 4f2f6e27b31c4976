package io.streamcast.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rolling evaluate's default rounds: at 25, 50 and 75 % of the walk, never one at its very end. */
class RetrainScheduleTest {
    /** The rounds RollingEvaluation starts: after every N points seen, while points remain. */
    private static int rounds(long total, int every) {
        int n = 0;
        for (long seen = every; seen < total; seen += every) {
            n++;
        }
        return n;
    }

    @Test
    void theDefaultMakesThreeRoundsWhateverTheRemainderOfAQuarter() {
        for (long total : new long[] {2_000, 2_001, 2_002, 2_003, 10_320, 229_915}) {
            int every = EvaluateCommand.defaultRetrainEvery(total);
            assertThat(rounds(total, every)).as("total %d, every %d", total, every).isEqualTo(3);
        }
    }

    @Test
    void smallDataRetrainsEveryFiveHundredPoints() {
        assertThat(EvaluateCommand.defaultRetrainEvery(1_200)).isEqualTo(500);
        assertThat(rounds(1_200, 500)).isEqualTo(2);
    }
}
