package io.streamcast.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PacedRunTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void steadyIsTheFirstHalfAfterTheWarmUpFifthAndSwapsTheSecondAfterEachPublish() {
        List<long[]> samples = List.of(
                new long[] {1 * S, 900 * MS},  // warm-up fifth: not counted
                new long[] {3 * S, 10 * MS},   // steady
                new long[] {4 * S, 20 * MS},   // steady
                new long[] {6 * S, 50 * MS},   // 0.5 s after the publish at 5.5 s
                new long[] {8 * S, 700 * MS}); // second half, no publish in the second before
        PacedRun.Latencies l = PacedRun.Latencies.of(samples, 0, 10, List.of(5 * S + S / 2));
        assertThat(l.p50SteadyMs()).isEqualTo(20.0);
        assertThat(l.p99SteadyMs()).isEqualTo(20.0);
        assertThat(l.p99SwapMs()).isEqualTo(50.0);
    }

    @Test
    void aPartWithoutSamplesIsNaN() {
        PacedRun.Latencies l = PacedRun.Latencies.of(List.<long[]>of(new long[] {3 * S, 10 * MS}), 0, 10, List.of());
        assertThat(l.p50SteadyMs()).isEqualTo(10.0);
        assertThat(l.p99SwapMs()).isNaN();
    }
}
