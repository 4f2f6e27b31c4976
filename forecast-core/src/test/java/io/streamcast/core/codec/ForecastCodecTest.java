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
    void compactForecastRoundTripsAndHasTheDocumentedShape() {
        Forecast f = new Forecast("nyc_taxi", T0, "baseline", List.of(
                new ForecastPoint(1, T0 + 1_800_000, 10844.0, 9000.5, 12687.5),
                new ForecastPoint(2, T0 + 3_600_000, 8127.25, 6000, 10254.5)));
        byte[] bytes = codec.encode(f);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(
                "{\"series\":\"nyc_taxi\",\"origin\":\"2014-07-01T00:00:00Z\",\"model_version\":\"baseline\","
                        + "\"step_ms\":1800000,\"mean\":[10844.0,8127.25],\"half_width\":[1843.5,2127.25]}");
        assertThat(codec.decode(bytes)).isEqualTo(f);
    }

    @Test
    void compactRoundTripsH1AndOddSeriesIdsAndVersions() {
        String id = "sensör/温度 \"quoted\" \\ tab\t 🌡️ " + "x".repeat(5_000);
        Forecast one = new Forecast(id, 0L, "v\u00e9rsion\n", List.of(ForecastPoint.symmetric(1, 86_400_000L * 365 * 200,
                0f, 0f)));
        assertThat(codec.decode(codec.encode(one))).isEqualTo(one);
        Forecast late = new Forecast("k", Timestamps.MAX_MILLIS_EXCLUSIVE - 10, "v", List.of(
                ForecastPoint.symmetric(1, Timestamps.MAX_MILLIS_EXCLUSIVE - 5, Float.MAX_VALUE, Float.MAX_VALUE),
                ForecastPoint.symmetric(2, Timestamps.MAX_MILLIS_EXCLUSIVE, -Float.MAX_VALUE, 1e-45f)));
        assertThat(codec.decode(codec.encode(late))).isEqualTo(late);
    }

    @Test
    void compactReadsBackTheForecastersSymmetricIntervalsExactly() {
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 200_000; i++) {
            float mean = (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextInt(16) - 8)
                    * random.nextDouble());
            float halfWidth = (float) (Math.abs(mean) * Math.pow(10, random.nextInt(14) - 10) * random.nextDouble());
            if (i % 7 == 0) {
                mean = Math.scalb(1f, random.nextInt(60) - 30); // powers of two: the float below is half as far
            }
            Forecast f = new Forecast("s", T0, "v", List.of(ForecastPoint.symmetric(1, T0 + 5, mean, halfWidth)));
            assertThat(codec.decode(codec.encode(f))).as("mean %s half-width %s", mean, halfWidth).isEqualTo(f);
        }
    }

    @Test
    void compactWidensAnAsymmetricIntervalToContainIt() {
        Forecast f = new Forecast("s", T0, "v", List.of(new ForecastPoint(1, T0 + 60_000, 10, 9, 13)));
        ForecastPoint p = codec.decode(codec.encode(f)).points().get(0);
        assertThat(p.mean()).isEqualTo(10.0);
        assertThat(p.lower()).isEqualTo(7.0);
        assertThat(p.upper()).isEqualTo(13.0);
    }

    @Test
    void compactCarriesAPositiveKeysFloorAtZeroAndReadsItsPointsBackExactly() {
        java.util.Random random = new java.util.Random(12);
        for (int i = 0; i < 20_000; i++) {
            float scale = (float) Math.pow(10, random.nextInt(12) - 4);
            List<ForecastPoint> list = new java.util.ArrayList<>();
            for (int k = 1; k <= 4; k++) {
                float mean = scale * random.nextFloat();
                float halfWidth = scale * 2 * random.nextFloat();
                list.add(ForecastPoint.floored(k, T0 + k * 60_000L, mean, halfWidth, 0f));
            }
            list.set(0, ForecastPoint.floored(1, T0 + 60_000L, scale, 3 * scale, 0f)); // one floored point at least
            Forecast f = new Forecast("rides", T0, "v", list);
            byte[] bytes = codec.encode(f);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).endsWith("],\"lower_floor\":0.0}");
            Forecast back = codec.decode(bytes);
            assertThat(back).as("%s", list).isEqualTo(f);
            assertThat(back.points()).allSatisfy(p -> assertThat(p.lower()).isGreaterThanOrEqualTo(0.0));
        }
    }

    @Test
    void aFloorAppliesOnlyToPointsWhoseMeanIsAboveIt() {
        ForecastPoint floored = ForecastPoint.floored(1, T0 + 1, 2f, 5f, 0f);
        assertThat(floored.lower()).isEqualTo(0.0);
        assertThat(floored.upper()).isEqualTo(7.0);
        ForecastPoint below = ForecastPoint.floored(2, T0 + 2, -1f, 5f, 0f);
        assertThat(below.lower()).as("a mean below the floor keeps its interval").isEqualTo(-6.0);
        assertThat(ForecastPoint.floored(1, T0 + 1, 2f, 5f, Float.NaN).lower()).isEqualTo(-3.0);
        Forecast mixed = new Forecast("s", T0, "v", List.of(ForecastPoint.floored(1, T0 + 1, 2f, 5f, 0f),
                ForecastPoint.floored(2, T0 + 2, -1f, 5f, 0f)));
        assertThat(codec.decode(codec.encode(mixed))).isEqualTo(mixed);
    }

    @Test
    void noFloorIsWrittenWhenAPointAboveZeroReachesBelowIt() {
        Forecast f = new Forecast("s", T0, "v", List.of(new ForecastPoint(1, T0 + 60_000, 2, 0, 7),
                ForecastPoint.symmetric(2, T0 + 120_000, 2f, 5f)));
        String json = new String(codec.encode(f), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("lower_floor");
        ForecastPoint widened = codec.decode(json.getBytes(StandardCharsets.UTF_8)).points().get(0);
        assertThat(widened.lower()).isEqualTo(-3.0);
        assertThat(widened.upper()).isEqualTo(7.0);
    }

    @Test
    void compactRefusesWhatItCannotExpress() {
        assertThatThrownBy(() -> codec.encode(new Forecast("s", T0, "v", List.of(
                new ForecastPoint(1, T0 + 10, 1, 0, 2), new ForecastPoint(2, T0 + 30, 1, 0, 2)))))
                .hasMessageContaining("origin + k × step");
        assertThatThrownBy(() -> codec.encode(new Forecast("s", T0, "v", List.of(
                new ForecastPoint(1, T0, 1, 0, 2))))).hasMessageContaining("step of at least 1 ms");
        // non-finite values never come from the forecaster (it clamps to the float range; ForecastPoint refuses
        // NaN); the format refuses them rather than write what is not JSON
        assertThatThrownBy(() -> codec.encode(new Forecast("s", T0, "v", List.of(new ForecastPoint(1, T0 + 1,
                Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY))))).hasMessageContaining("not finite");
        assertThatThrownBy(() -> codec.encode(new Forecast("s", T0, "v", List.of(new ForecastPoint(1, T0 + 1,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.MAX_VALUE))))).hasMessageContaining("wider than");
    }

    @Test
    void decodeOfMalformedCompactInputSaysWhatIsWrong() {
        String head = "{\"series\":\"s\",\"origin\":\"2014-07-01T00:00:00Z\",\"model_version\":\"v\",";
        java.util.Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("\"mean\":[1,2],\"half_width\":[1,2]}", "step_ms");
        cases.put("\"step_ms\":0,\"mean\":[1],\"half_width\":[1]}", "step_ms");
        cases.put("\"step_ms\":1.5,\"mean\":[1],\"half_width\":[1]}", "step_ms");
        cases.put("\"step_ms\":60000,\"mean\":[],\"half_width\":[]}", "'mean' is not an array of at least one");
        cases.put("\"step_ms\":60000,\"mean\":7,\"half_width\":[1]}", "'mean' is not an array");
        cases.put("\"step_ms\":60000,\"mean\":[1,2]}", "'half_width' must be an array of as many numbers");
        cases.put("\"step_ms\":60000,\"mean\":[1,2],\"half_width\":[1]}", "(2), not 1");
        cases.put("\"step_ms\":60000,\"mean\":[1,\"2\"],\"half_width\":[1,1]}", "mean 2 is not a number");
        cases.put("\"step_ms\":60000,\"mean\":[1,null],\"half_width\":[1,1]}", "mean 2 is not a number");
        cases.put("\"step_ms\":60000,\"mean\":[1,2],\"half_width\":[1,-1]}", "half_width 2 is negative");
        cases.put("\"step_ms\":60000,\"mean\":[1e39],\"half_width\":[1]}", "outside the float range");
        cases.put("\"step_ms\":9223372036854775807,\"mean\":[1],\"half_width\":[1]}", "out of range");
        cases.put("\"step_ms\":60000,\"mean\":[1],\"half_width\":[1],\"lower_floor\":\"0\"}", "lower_floor is not a number");
        cases.put("\"step_ms\":60000,\"mean\":[1],\"half_width\":[1],\"lower_floor\":1e39}", "lower_floor is outside");
        cases.forEach((tail, message) -> assertThatThrownBy(() -> codec.decode(
                (head + tail).getBytes(StandardCharsets.UTF_8))).as(tail)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
        assertThatThrownBy(() -> codec.decode("{\"mean\":[1],\"half_width\":[1],\"step_ms\":1}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("'series'");
    }

    /**
     * The size the issue asks for: a realistic H = 48 forecast (values ~40-100 to 7-8 significant digits, the
     * forecaster's intervals, a trained model's version) at most 1.2 KB.
     * Half-widths rather than lower and upper arrays: one array instead of two, as many digits each.
     */
    @Test
    void compactForecastAtH48IsAtMost1200Bytes() {
        java.util.Random random = new java.util.Random(48);
        List<ForecastPoint> list = new java.util.ArrayList<>();
        long step = 1_800_000;
        int boundChars = 0;
        for (int k = 1; k <= 48; k++) {
            float mean = (float) (40 + 60 * random.nextDouble());
            float halfWidth = (float) (2 + 10 * random.nextDouble() * Math.sqrt(k));
            ForecastPoint p = ForecastPoint.symmetric(k, T0 + k * step, mean, halfWidth);
            list.add(p);
            boundChars += FloatText.toString((float) p.lower()).length() + FloatText.toString((float) p.upper())
                    .length() + 2;
        }
        Forecast f = new Forecast("ec2_cpu_utilization_24ae8d", T0, "sensors-lstm-20261202T131733Z-7baf", list);
        byte[] compact = codec.encode(f);
        int halfWidthChars = 0;
        for (ForecastPoint p : list) {
            halfWidthChars += FloatText.toString(CompactForecastWriter.halfWidth((float) p.mean(), (float) p.lower(),
                    (float) p.upper(), Float.NaN, p.step())).length() + 1;
        }
        System.out.printf("H=48 forecast: compact %d bytes; half-widths %d chars vs lower+upper arrays %d chars%n",
                compact.length, halfWidthChars, boundChars);
        assertThat(compact.length).isLessThanOrEqualTo(1200);
        assertThat(halfWidthChars).isLessThan(boundChars / 2 + 48);
        assertThat(codec.decode(compact)).isEqualTo(f);
    }

    @Test
    void pointValuesAreFloatsWrittenShortestAndReadBackExactly() {
        double tenth = (float) 0.1; // 0.10000000149011612 as a double
        Forecast f = new Forecast("s", T0, "v1", List.of(new ForecastPoint(1, T0 + 1, tenth, tenth, tenth)));
        byte[] bytes = codec.encode(f);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"mean\":[0.1],\"half_width\":[0.0]");
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
                .hasMessageContaining("'mean'");
    }

    @Test
    void aForecastInTheFormerPointsShapeIsRejectedNotMisread() {
        String points = "{\"series\":\"nyc_taxi\",\"origin\":\"2014-07-01T00:00:00Z\",\"model_version\":\"baseline\","
                + "\"points\":[{\"step\":1,\"ts\":\"2014-07-01T00:30:00Z\",\"mean\":10844.0,\"lower\":9000.5,"
                + "\"upper\":12687.5}]}";
        assertThatThrownBy(() -> codec.decode(points.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no 'mean' array");
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
