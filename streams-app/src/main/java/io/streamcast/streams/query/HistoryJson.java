package io.streamcast.streams.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.streamcast.core.codec.Timestamps;
import io.streamcast.core.forecast.SeriesState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@code GET /series/{series}/history} body: the key's recent actuals, the values of its state window,
 * oldest first:
 * <pre>{"series":"s","step_ms":300000,"points":[{"ts":"2014-02-14T14:30:00Z","value":0.132}, ...]}</pre>
 *
 * <p>The window keeps values, not times: the newest is the key's last observation ({@code lastEventMillis}) and
 * each older one is a step before it. Steps the forecaster forward-filled across a gap are in the window too
 * (as the last value before the gap), and when a key's step shrank (the step is the smallest spacing seen), the
 * times of values from before that are approximate.
 */
public final class HistoryJson {
    private static final JsonFactory JSON = new JsonFactory();

    private HistoryJson() {
    }

    /**
     * @param defaultStepMillis the step of a key with one observation (the forecaster's default step)
     * @return the body, or null for a key without observations
     */
    public static byte[] encode(String series, SeriesState state, long defaultStepMillis) {
        if (state.lastEventMillis() == SeriesState.NO_TIME || state.windowCount() == 0) {
            return null;
        }
        long step = state.stepMillis() > 0 ? state.stepMillis() : defaultStepMillis;
        float[] values = state.windowValues();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 48 * values.length);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("series", series);
            g.writeNumberField("step_ms", step);
            g.writeArrayFieldStart("points");
            for (int i = 0; i < values.length; i++) {
                long ts = state.lastEventMillis() - (long) (values.length - 1 - i) * step;
                if (ts < Timestamps.MIN_MILLIS) {
                    continue; // a reconstructed time before 1970 (a step that shrank); never an observed one
                }
                g.writeStartObject();
                g.writeStringField("ts", Timestamps.format(ts));
                g.writeNumberField("value", values[i]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
