package io.streamcast.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.SeriesState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryJsonTest {
    // H=3, W=8, m=2, gaps of up to 3 missing steps are forward-filled, default step 1 h
    private static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(3).window(8).season(2)
            .maxGapFill(3).build();
    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SeriesForecaster forecaster = new SeriesForecaster(SETTINGS);

    private SeriesState observe(SeriesState state, long minutes, double value) {
        forecaster.observe(state, new Observation("s", T0.plus(Duration.ofMinutes(minutes)).toEpochMilli(), value), null);
        return state;
    }

    private static JsonNode parse(byte[] body) throws Exception {
        return JSON.readTree(body);
    }

    private static List<String> times(JsonNode history) {
        List<String> ts = new ArrayList<>();
        history.get("points").forEach(p -> ts.add(p.get("ts").asText()));
        return ts;
    }

    private static List<Double> values(JsonNode history) {
        List<Double> vs = new ArrayList<>();
        history.get("points").forEach(p -> vs.add(p.get("value").asDouble()));
        return vs;
    }

    @Test
    void aKeyWithoutObservationsHasNoHistory() {
        assertThat(HistoryJson.encode("s", forecaster.newState(), 3_600_000L)).isNull();
    }

    @Test
    void oneObservationIsOnePointAndTheStepIsTheDefault() throws Exception {
        JsonNode h = parse(HistoryJson.encode("s", observe(forecaster.newState(), 0, 4.5), 3_600_000L));
        assertThat(h.get("series").asText()).isEqualTo("s");
        assertThat(h.get("step_ms").asLong()).isEqualTo(3_600_000L);
        assertThat(times(h)).containsExactly("2024-03-01T00:00:00Z");
        assertThat(values(h)).containsExactly(4.5);
    }

    @Test
    void pointsAreTheWindowOldestFirstEndingAtTheLastObservationOneStepApart() throws Exception {
        SeriesState state = forecaster.newState();
        for (int i = 0; i < 5; i++) {
            observe(state, 5L * i, i + 0.25);
        }
        JsonNode h = parse(HistoryJson.encode("s", state, 3_600_000L));
        assertThat(h.get("step_ms").asLong()).isEqualTo(300_000L);
        assertThat(times(h)).containsExactly("2024-03-01T00:00:00Z", "2024-03-01T00:05:00Z", "2024-03-01T00:10:00Z",
                "2024-03-01T00:15:00Z", "2024-03-01T00:20:00Z");
        assertThat(values(h)).containsExactly(0.25, 1.25, 2.25, 3.25, 4.25);
    }

    @Test
    void aFullWindowKeepsTheLastWValuesAndForwardFilledGapStepsAreIncluded() throws Exception {
        SeriesState state = forecaster.newState();
        for (int i = 0; i < 10; i++) {
            observe(state, 5L * i, i);
        }
        // two steps (00:50, 00:55) missing: forward-filled with the value before the gap
        observe(state, 60, 42);
        JsonNode h = parse(HistoryJson.encode("s", state, 3_600_000L));
        assertThat(h.get("points")).hasSize(8);
        assertThat(times(h)).containsExactly("2024-03-01T00:25:00Z", "2024-03-01T00:30:00Z", "2024-03-01T00:35:00Z",
                "2024-03-01T00:40:00Z", "2024-03-01T00:45:00Z", "2024-03-01T00:50:00Z", "2024-03-01T00:55:00Z",
                "2024-03-01T01:00:00Z");
        assertThat(values(h)).containsExactly(5.0, 6.0, 7.0, 8.0, 9.0, 9.0, 9.0, 42.0);
    }

    @Test
    void aGapLongerThanTheFillLimitStartsTheWindowAfresh() throws Exception {
        SeriesState state = forecaster.newState();
        for (int i = 0; i < 4; i++) {
            observe(state, 5L * i, i);
        }
        observe(state, 15 + 5 * 10, 7); // nine steps missing > maxGapFill 3
        JsonNode h = parse(HistoryJson.encode("s", state, 3_600_000L));
        assertThat(times(h)).containsExactly("2024-03-01T01:05:00Z");
        assertThat(values(h)).containsExactly(7.0);
    }
}
