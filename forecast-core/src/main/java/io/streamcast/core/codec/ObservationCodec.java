package io.streamcast.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.domain.Parsed;
import io.streamcast.core.domain.Reading;
import io.streamcast.core.domain.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/**
 * Strict reader and writer of the observations topic's values: {@code {"ts": ..., "value": ...}}.
 *
 * <p>{@link #parse} never throws: every way an input can be wrong maps to a {@link RejectReason}, so the
 * topology can dead-letter it with the reason. Values must fit a float (the state keeps floats). Unknown extra
 * fields are ignored. Thread-safe.
 */
public final class ObservationCodec {
    private static final int MAX_DETAIL = 200;
    /** Values beyond this do not fit the float state: rejected as non-finite rather than stored as infinity. */
    private static final double MAX_ABS_VALUE = Float.MAX_VALUE;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The observation of series {@code key} this value holds, or why it holds none. */
    public Parsed<Observation> parse(String key, byte[] value) {
        if (key == null || key.isBlank()) {
            return Parsed.rejected(RejectReason.MISSING_KEY, SeriesKeys.NO_KEY);
        }
        return parseValue(value).map(reading -> reading.of(key));
    }

    /** The reading a value holds (the key is checked apart, see {@link SeriesKeys}), or why it holds none. */
    public Parsed<Reading> parseValue(byte[] value) {
        if (value == null || value.length == 0) {
            return Parsed.rejected(RejectReason.NOT_JSON, "record has no value");
        }
        try (JsonParser p = JSON.createParser(value)) {
            return read(p);
        } catch (IOException | RuntimeException e) {
            return Parsed.rejected(RejectReason.NOT_JSON, "not JSON: " + clip(e.getMessage()));
        }
    }

    private Parsed<Reading> read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return Parsed.rejected(RejectReason.NOT_OBJECT, "value is JSON but not an object");
        }
        JsonToken tsToken = null;
        String tsText = null;
        long tsNumber = 0;
        boolean tsIntegral = false;
        JsonToken valueToken = null;
        double value = Double.NaN;
        String valueText = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if ("ts".equals(field)) {
                tsToken = v;
                if (v == JsonToken.VALUE_STRING) {
                    tsText = p.getText();
                } else if (v == JsonToken.VALUE_NUMBER_INT) {
                    tsIntegral = p.getNumberType() == JsonParser.NumberType.INT
                            || p.getNumberType() == JsonParser.NumberType.LONG;
                    tsNumber = tsIntegral ? p.getLongValue() : 0;
                    tsText = p.getText();
                } else {
                    tsText = p.getText();
                }
            } else if ("value".equals(field)) {
                valueToken = v;
                valueText = p.getText();
                if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                    value = p.getDoubleValue();
                }
            }
            p.skipChildren();
        }
        if (p.nextToken() != null) {
            return Parsed.rejected(RejectReason.NOT_JSON, "trailing content after the JSON object");
        }
        if (tsToken == null || tsToken == JsonToken.VALUE_NULL) {
            return Parsed.rejected(RejectReason.MISSING_FIELD, "field 'ts' is missing or null");
        }
        if (valueToken == null || valueToken == JsonToken.VALUE_NULL) {
            return Parsed.rejected(RejectReason.MISSING_FIELD, "field 'value' is missing or null");
        }
        if (valueToken != JsonToken.VALUE_NUMBER_INT && valueToken != JsonToken.VALUE_NUMBER_FLOAT) {
            return Parsed.rejected(RejectReason.BAD_VALUE, "value '" + clip(valueText) + "' is not a JSON number");
        }
        if (!Double.isFinite(value) || Math.abs(value) > MAX_ABS_VALUE) {
            return Parsed.rejected(RejectReason.NON_FINITE, "value " + clip(valueText) + " is not a finite number");
        }
        long ts;
        if (tsToken == JsonToken.VALUE_NUMBER_INT && tsIntegral) {
            ts = tsNumber;
        } else if (tsToken == JsonToken.VALUE_STRING) {
            OptionalLong parsed = Timestamps.parse(tsText);
            if (parsed.isEmpty()) {
                return Parsed.rejected(RejectReason.BAD_TIMESTAMP, "ts '" + clip(tsText) + "' is not a timestamp");
            }
            ts = parsed.getAsLong();
        } else {
            return Parsed.rejected(RejectReason.BAD_TIMESTAMP,
                    "ts " + clip(tsText) + " is neither an ISO-8601 string nor integral epoch millis");
        }
        if (!Timestamps.isPlausible(ts)) {
            return Parsed.rejected(RejectReason.ABSURD_TIMESTAMP, "ts " + clip(tsText)
                    + " is outside [1970-01-01, 2200-01-01)");
        }
        return Parsed.ok(new Reading(ts, value));
    }

    public byte[] encode(Observation o) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Timestamps.format(o.timestampMillis()));
            g.writeNumberField("value", o.value());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "...";
    }
}
