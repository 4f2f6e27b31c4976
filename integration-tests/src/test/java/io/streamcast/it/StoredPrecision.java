package io.streamcast.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;

/**
 * REST recomputes a key's latest forecast from its stored state, which keeps the window to 1/2048 of the key's
 * scale and the carried LSTM state in a byte (h) and a half float (c) a value (docs/state.md): the answer is the forecast the
 * key last emitted up to that precision, not bit for bit (docs/rest.md).
 */
final class StoredPrecision {
    /** Share of a point's interval width the recomputed mean and bounds may differ by. */
    static final double TOLERANCE = 0.01;

    private StoredPrecision() {}

    static void assertSameForecast(Forecast answered, Forecast emitted) {
        assertThat(answered.seriesId()).isEqualTo(emitted.seriesId());
        assertThat(answered.originMillis()).as("origin of %s", emitted.seriesId()).isEqualTo(emitted.originMillis());
        assertThat(answered.modelVersion()).isEqualTo(emitted.modelVersion());
        assertThat(answered.horizon()).isEqualTo(emitted.horizon());
        for (int j = 0; j < emitted.horizon(); j++) {
            ForecastPoint a = answered.points().get(j);
            ForecastPoint e = emitted.points().get(j);
            double slack = TOLERANCE * (e.upper() - e.lower()) + 1e-6;
            assertThat(a.targetMillis()).isEqualTo(e.targetMillis());
            assertThat(a.mean()).as("mean at step %d of %s", j + 1, e).isCloseTo(e.mean(), within(slack));
            assertThat(a.lower()).as("lower at step %d of %s", j + 1, e).isCloseTo(e.lower(), within(slack));
            assertThat(a.upper()).as("upper at step %d of %s", j + 1, e).isCloseTo(e.upper(), within(slack));
        }
    }
}
