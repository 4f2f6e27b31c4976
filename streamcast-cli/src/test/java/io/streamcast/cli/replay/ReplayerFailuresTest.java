package io.streamcast.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.codec.ObservationCodec;
import io.streamcast.core.domain.Observation;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Failed sends are counted, with the first reason (no broker needed: one that cannot be reached). */
class ReplayerFailuresTest {
    @Test
    void sendsThatCannotBeDeliveredAreCountedNotIgnored() throws Exception {
        List<ReplayRecords.Row> rows = List.of(row(1), row(2), row(3));
        Properties p = new Properties();
        p.putAll(Map.of("max.block.ms", "200", "delivery.timeout.ms", "300", "request.timeout.ms", "250",
                "linger.ms", "0"));
        try (Replayer replayer = new Replayer("127.0.0.1:1", "nowhere", p)) {
            replayer.send(rows, 0, rows.size(), 0, 0, () -> false, null);
            assertThat(replayer.sent()).isEqualTo(3);
            assertThat(replayer.failed()).isEqualTo(3);
            assertThat(replayer.delivered()).isZero();
            assertThat(replayer.firstFailure()).startsWith("TimeoutException: ");
        }
    }

    private static ReplayRecords.Row row(int i) {
        long ts = 1_700_000_000_000L + i * 60_000L;
        return new ReplayRecords.Row("s", ts, new ObservationCodec().encode(new Observation("s", ts, i)), true);
    }
}
