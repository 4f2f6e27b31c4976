package io.streamcast.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.domain.Observation;
import io.streamcast.core.domain.Parsed;
import io.streamcast.core.domain.Reading;
import io.streamcast.core.domain.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ObservationCodecTest {
    private static final long JULY_1_2014 = 1_404_172_800_000L;
    private final ObservationCodec codec = new ObservationCodec();

    private Parsed<Observation> parse(String key, String json) {
        return codec.parse(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("{\"ts\":1404172800000,\"value\":10844}", JULY_1_2014, 10844.0),
                Arguments.of("{\"ts\":\"2014-07-01T00:00:00Z\",\"value\":1.5}", JULY_1_2014, 1.5),
                Arguments.of("{\"ts\":\"2014-07-01T02:00:00+02:00\",\"value\":-3}", JULY_1_2014, -3.0),
                Arguments.of("{\"ts\":\"2014-07-01T00:00:00.250Z\",\"value\":0}", JULY_1_2014 + 250, 0.0),
                Arguments.of("{\"ts\":\"2014-07-01T00:00:00\",\"value\":2e3}", JULY_1_2014, 2000.0),
                Arguments.of("{\"ts\":\"2014-07-01 00:00:00\",\"value\":7}", JULY_1_2014, 7.0),
                Arguments.of("{\"ts\":\"2014-07-01\",\"value\":7}", JULY_1_2014, 7.0),
                Arguments.of("{\"value\":7,\"extra\":{\"a\":[1,2]},\"ts\":\"2014-07-01\"}", JULY_1_2014, 7.0),
                Arguments.of(" {\"ts\":\"2014-07-01\",\"value\":7}\n", JULY_1_2014, 7.0));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void acceptsEveryDocumentedForm(String json, long expectedTs, double expectedValue) {
        Parsed<Observation> parsed = parse("nyc_taxi", json);
        assertThat(parsed).isEqualTo(Parsed.ok(new Observation("nyc_taxi", expectedTs, expectedValue)));
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("k", null, RejectReason.NOT_JSON),
                Arguments.of("k", "", RejectReason.NOT_JSON),
                Arguments.of("k", "not json", RejectReason.NOT_JSON),
                Arguments.of("k", "{\"ts\":1,\"value\":1", RejectReason.NOT_JSON),
                Arguments.of("k", "{\"ts\":1,\"ts\":2,\"value\":1}", RejectReason.NOT_JSON),
                Arguments.of("k", "{\"ts\":1,\"value\":1} {}", RejectReason.NOT_JSON),
                Arguments.of("k", "[1,2]", RejectReason.NOT_OBJECT),
                Arguments.of("k", "42", RejectReason.NOT_OBJECT),
                Arguments.of("k", "{\"value\":1}", RejectReason.MISSING_FIELD),
                Arguments.of("k", "{\"ts\":1}", RejectReason.MISSING_FIELD),
                Arguments.of("k", "{\"ts\":null,\"value\":1}", RejectReason.MISSING_FIELD),
                Arguments.of("k", "{\"ts\":1,\"value\":null}", RejectReason.MISSING_FIELD),
                Arguments.of("k", "{\"ts\":1,\"value\":\"1.5\"}", RejectReason.BAD_VALUE),
                Arguments.of("k", "{\"ts\":1,\"value\":true}", RejectReason.BAD_VALUE),
                Arguments.of("k", "{\"ts\":1,\"value\":{\"v\":1}}", RejectReason.BAD_VALUE),
                Arguments.of("k", "{\"ts\":1,\"value\":NaN}", RejectReason.NON_FINITE),
                Arguments.of("k", "{\"ts\":1,\"value\":Infinity}", RejectReason.NON_FINITE),
                Arguments.of("k", "{\"ts\":1,\"value\":-Infinity}", RejectReason.NON_FINITE),
                Arguments.of("k", "{\"ts\":1,\"value\":1e400}", RejectReason.NON_FINITE),
                Arguments.of("k", "{\"ts\":1,\"value\":1e39}", RejectReason.NON_FINITE),
                Arguments.of("k", "{\"ts\":\"2014-13-01\",\"value\":1}", RejectReason.BAD_TIMESTAMP),
                Arguments.of("k", "{\"ts\":\"yesterday\",\"value\":1}", RejectReason.BAD_TIMESTAMP),
                Arguments.of("k", "{\"ts\":1.5,\"value\":1}", RejectReason.BAD_TIMESTAMP),
                Arguments.of("k", "{\"ts\":true,\"value\":1}", RejectReason.BAD_TIMESTAMP),
                Arguments.of("k", "{\"ts\":99999999999999999999999,\"value\":1}", RejectReason.BAD_TIMESTAMP),
                Arguments.of("k", "{\"ts\":-1,\"value\":1}", RejectReason.ABSURD_TIMESTAMP),
                Arguments.of("k", "{\"ts\":\"1969-12-31T23:59:59Z\",\"value\":1}", RejectReason.ABSURD_TIMESTAMP),
                Arguments.of("k", "{\"ts\":\"2200-01-01T00:00:00Z\",\"value\":1}", RejectReason.ABSURD_TIMESTAMP),
                Arguments.of(null, "{\"ts\":1,\"value\":1}", RejectReason.MISSING_KEY),
                Arguments.of(" ", "{\"ts\":1,\"value\":1}", RejectReason.MISSING_KEY));
    }

    @ParameterizedTest(name = "{2}: {1}")
    @MethodSource("rejected")
    void rejectsWithTheReason(String key, String json, RejectReason reason) {
        Parsed<Observation> parsed = parse(key, json);
        assertThat(parsed).isInstanceOf(Parsed.Rejected.class);
        var rejection = ((Parsed.Rejected<Observation>) parsed).rejection();
        assertThat(rejection.reason()).isEqualTo(reason);
        assertThat(rejection.detail()).isNotBlank().hasSizeLessThan(260);
    }

    @Test
    void neverThrowsOnRandomBytes() {
        Random random = new Random(1);
        int accepted = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (i % 3 == 0 && bytes.length > 2) { // make some of them look like JSON objects
                bytes[0] = '{';
                bytes[bytes.length - 1] = '}';
            }
            Parsed<Observation> parsed = codec.parse("k", bytes);
            assertThat(parsed).isNotNull();
            accepted += parsed instanceof Parsed.Ok ? 1 : 0;
        }
        assertThat(accepted).isZero();
    }

    @Test
    void hugeDetailsAreClipped() {
        String big = "x".repeat(10_000);
        var parsed = (Parsed.Rejected<Observation>) parse("k", "{\"ts\":\"" + big + "\",\"value\":1}");
        assertThat(parsed.rejection().detail().length()).isLessThan(260);
    }

    @Test
    void encodeThenParseRoundTrips() {
        for (Observation o : new Observation[] {new Observation("a", JULY_1_2014, 10844.5),
                new Observation("b", JULY_1_2014 + 1, -0.001), new Observation("c", 0, 3.4028234663852886E38)}) {
            assertThat(codec.parse(o.seriesId(), codec.encode(o))).isEqualTo(Parsed.ok(o));
        }
        assertThat(new String(codec.encode(new Observation("a", JULY_1_2014, 2.5)), StandardCharsets.UTF_8))
                .isEqualTo("{\"ts\":\"2014-07-01T00:00:00Z\",\"value\":2.5}");
    }

    @Test
    void aValueParsesAloneToTheSameReadingAsWithItsKey() {
        byte[] value = "{\"ts\":\"2014-07-01\",\"value\":7}".getBytes(StandardCharsets.UTF_8);
        assertThat(codec.parseValue(value)).isEqualTo(Parsed.ok(new Reading(JULY_1_2014, 7.0)));
        assertThat(codec.parse("k", value)).isEqualTo(Parsed.ok(new Observation("k", JULY_1_2014, 7.0)));
        // a rejected value keeps its reason whether or not the key came with it
        byte[] bad = "{\"ts\":\"2014-07-01\",\"value\":\"7\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(((Parsed.Rejected<Reading>) codec.parseValue(bad)).rejection().reason())
                .isEqualTo(RejectReason.BAD_VALUE);
        assertThat(((Parsed.Rejected<Observation>) codec.parse("k", bad)).rejection().reason())
                .isEqualTo(RejectReason.BAD_VALUE);
    }
}
