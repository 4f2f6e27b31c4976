package io.streamcast.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.domain.AccuracyReport;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.core.domain.Reading;
import io.streamcast.core.domain.Received;
import io.streamcast.core.domain.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class StreamsSerdesTest {
    private static final long T0 = 1_404_172_800_000L;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void inputKeysDecodeSeriesIdsAndKeepTheBytesOfKeysThatDoNot() {
        Serde<Received<String>> keys = StreamsSerdes.inputKeys(8);
        Received<String> ok = keys.deserializer().deserialize("t", utf8("nyc_taxi"));
        assertThat(ok.rejection()).isNull();
        assertThat(ok.value()).isEqualTo("nyc_taxi");

        byte[] notUtf8 = {'s', (byte) 0xff, '1'};
        Received<String> bad = keys.deserializer().deserialize("t", notUtf8);
        assertThat(bad.rejection().reason()).isEqualTo(RejectReason.BAD_KEY);
        assertThat(bad.bytes()).isSameAs(notUtf8);
        assertThat(keys.serializer().serialize("t", bad)).isEqualTo(notUtf8); // written back unchanged

        assertThat(keys.deserializer().deserialize("t", utf8("nine-byte")).rejection().reason())
                .isEqualTo(RejectReason.BAD_KEY);
        assertThat(keys.deserializer().deserialize("t", utf8("  ")).rejection().reason())
                .isEqualTo(RejectReason.MISSING_KEY);
        assertThat(keys.deserializer().deserialize("t", null).rejection().reason())
                .isEqualTo(RejectReason.MISSING_KEY);
    }

    @Test
    void inputKeysAreSafeToShareBetweenThreads() throws Exception {
        Serde<Received<String>> keys = StreamsSerdes.inputKeys(64);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> work = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                work.add(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 20_000; i++) {
                        String id = "series-" + thread + "-" + i + "-é";
                        Received<String> r = keys.deserializer().deserialize("t", utf8(id));
                        wrong += r.rejection() == null && r.value().equals(id) ? 0 : 1;
                    }
                    return wrong;
                });
            }
            for (Future<Integer> f : pool.invokeAll(work)) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void inputValuesParseReadingsAndRejectWithTheReason() {
        Serde<Received<Reading>> values = StreamsSerdes.inputValues();
        byte[] good = utf8("{\"ts\":\"2014-07-01T00:00:00Z\",\"value\":10844}");
        Received<Reading> ok = values.deserializer().deserialize("t", good);
        assertThat(ok.value()).isEqualTo(new Reading(T0, 10844.0));
        assertThat(values.serializer().serialize("t", ok)).isSameAs(good);

        assertThat(values.deserializer().deserialize("t", utf8("{\"ts\":\"2014-07-01\"}")).rejection().reason())
                .isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(values.deserializer().deserialize("t", null).rejection().reason()).isEqualTo(RejectReason.NOT_JSON);
        byte[] notJson = {(byte) 0xc3, (byte) 0x28};
        Received<Reading> bad = values.deserializer().deserialize("t", notJson);
        assertThat(bad.rejection().reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(bad.bytes()).isSameAs(notJson);
    }

    @Test
    void forecastsRoundTrip() {
        Forecast f = new Forecast("nyc_taxi", T0, "lstm-1", List.of(
                new ForecastPoint(1, T0 + 1_800_000, 10844.0, 9000.5, 12687.5),
                new ForecastPoint(2, T0 + 3_600_000, 8127.25, 6000, 10254.5)));
        Serde<Forecast> serde = StreamsSerdes.forecasts();
        byte[] bytes = serde.serializer().serialize("t", f);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(f);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"half_width\"");
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{\"series\":\"a\",\"mean\":[1]}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accuracyReportsRoundTrip() {
        AccuracyReport r = new AccuracyReport("a", T0, "v1", 96, 1.5, 2.0, 0.75, 0.875, 0.9);
        Serde<AccuracyReport> serde = StreamsSerdes.accuracyReports();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", r))).isEqualTo(r);
    }
}
