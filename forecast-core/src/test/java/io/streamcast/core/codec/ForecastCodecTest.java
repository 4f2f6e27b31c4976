package io.streamcast.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.domain.AccuracyReport;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastCodecTest {
    private static final long T0 = 1_404_172_800_000L;
    private final ForecastCodec codec = new ForecastCodec();
    private final AccuracyReportCodec reports = new AccuracyReportCodec();

    @Test
    void forecastRoundTripsAndHasTheDocumentedShape() {
        Forecast f = new Forecast("nyc_taxi", T0, "baseline", List.of(
                new ForecastPoint(1, T0 + 1_800_000, 10844.0, 9000.5, 12687.5),
                new ForecastPoint(2, T0 + 3_600_000, 8127.25, 6000, 10254.5)));
        byte[] bytes = codec.encode(f);
        assertThat(codec.decode(bytes)).isEqualTo(f);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(
                "{\"series\":\"nyc_taxi\",\"origin\":\"2014-07-01T00:00:00Z\",\"model_version\":\"baseline\","
                        + "\"points\":[{\"step\":1,\"ts\":\"2014-07-01T00:30:00Z\",\"mean\":10844.0,\"lower\":9000.5,"
                        + "\"upper\":12687.5},{\"step\":2,\"ts\":\"2014-07-01T01:00:00Z\",\"mean\":8127.25,"
                        + "\"lower\":6000.0,\"upper\":10254.5}]}");
    }

    @Test
    void pointValuesAreFloatsWrittenShortestAndReadBackExactly() {
        double tenth = (float) 0.1; // 0.10000000149011612 as a double
        Forecast f = new Forecast("s", T0, "v1", List.of(new ForecastPoint(1, T0 + 1, tenth, tenth, tenth)));
        byte[] bytes = codec.encode(f);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"mean\":0.1,\"lower\":0.1,\"upper\":0.1");
        assertThat(codec.decode(bytes)).isEqualTo(f);

        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            // any finite float, including subnormals and the extremes: one rounding, decimal to float
            float v = Float.intBitsToFloat(random.nextInt());
            if (!Float.isFinite(v)) {
                continue;
            }
            Forecast one = new Forecast("s", T0, "v1", List.of(new ForecastPoint(1, T0 + 1, v, v, v)));
            assertThat(codec.decode(codec.encode(one))).as("%s", v).isEqualTo(one);
        }
    }

    @Test
    void decodeRejectsWhatIsNotAForecast() {
        assertThatThrownBy(() -> codec.decode("nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode("{\"series\":\"a\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("points");
    }

    @Test
    void accuracyReportRoundTripsWithNonFiniteAsNull() {
        AccuracyReport r = new AccuracyReport("a", T0, "v1", 96, 1.5, 2.0, 0.75, 0.875, 0.9);
        assertThat(reports.decode(reports.encode(r))).isEqualTo(r);
        AccuracyReport flat = new AccuracyReport("a", T0, "baseline", 3, 0, 0, Double.NaN, 1, 0.9);
        byte[] bytes = reports.encode(flat);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"mase\":null");
        assertThat(reports.decode(bytes).mase()).isNaN();
    }
}
