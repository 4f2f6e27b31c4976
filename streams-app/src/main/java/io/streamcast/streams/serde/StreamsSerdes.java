package io.streamcast.streams.serde;

import io.streamcast.core.codec.AccuracyReportCodec;
import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.codec.ObservationCodec;
import io.streamcast.core.codec.SeriesKeys;
import io.streamcast.core.domain.AccuracyReport;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.Reading;
import io.streamcast.core.domain.Received;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The serdes of the topics streams-app reads and writes (wire formats: {@code docs/topics.md}). Every serde here
 * is thread-safe: Kafka Streams shares one instance between all tasks of a source or sink.
 *
 * <p>The input serdes never throw: a key or value that does not decode arrives as a {@link Received} holding its
 * bytes and the rejection, for the forecaster to dead-letter unchanged. Writing a {@code Received} writes its
 * bytes back as they came.
 */
public final class StreamsSerdes {
    private StreamsSerdes() {}

    /** Input keys: the series id, checked as bytes (UTF-8, not blank, at most {@code maxKeyBytes}). */
    public static Serde<Received<String>> inputKeys(int maxKeyBytes) {
        ThreadLocal<SeriesKeys> keys = ThreadLocal.withInitial(() -> new SeriesKeys(maxKeyBytes)); // owns a decoder
        return Serdes.serdeFrom((topic, key) -> key == null ? null : key.bytes(),
                (topic, bytes) -> new Received<>(bytes, keys.get().decode(bytes)));
    }

    /** Input values: {@code {"ts": ..., "value": ...}}, strictly ({@link ObservationCodec}). */
    public static Serde<Received<Reading>> inputValues() {
        ObservationCodec codec = new ObservationCodec();
        return Serdes.serdeFrom((topic, value) -> value == null ? null : value.bytes(),
                (topic, bytes) -> new Received<>(bytes, codec.parseValue(bytes)));
    }

    /**
     * Forecast values ({@link ForecastCodec}). Its deserializer throws an {@link IllegalArgumentException} naming the
     * problem for bytes that are not a forecast; streams-app only writes forecasts (it never reads a forecasts
     * topic), readers decide what to do with one.
     */
    public static Serde<Forecast> forecasts() {
        ForecastCodec codec = new ForecastCodec();
        return Serdes.serdeFrom((topic, f) -> f == null ? null : codec.encode(f),
                (topic, bytes) -> bytes == null ? null : codec.decode(bytes));
    }

    /** Accuracy report values ({@link AccuracyReportCodec}). */
    public static Serde<AccuracyReport> accuracyReports() {
        AccuracyReportCodec codec = new AccuracyReportCodec();
        return Serdes.serdeFrom((topic, r) -> r == null ? null : codec.encode(r),
                (topic, bytes) -> bytes == null ? null : codec.decode(bytes));
    }
}
