package io.streamcast.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.forecast.ForecastSettings;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's state budget on the bench's own keys: the state `./streamcast bench` reports per key (a key primed
 * by three windows of its input, LSTM-32 serving, W = H = 48, m = 24) fits 512 bytes. Layout 4 stored it in 538:
 * its pending forecasts as offsets from their origin's value, ~65 scales on this near-exact daily cycle.
 */
class BenchStateSizeTest {
    @Test
    void theBenchKeysStateFitsFiveHundredTwelveBytes() throws Exception {
        ForecastSettings settings = ForecastSettings.defaults();
        BenchInput.Primed primed = new BenchInput(settings).primed(BenchModels.bundle(settings, "bench-v0", 32, 1));
        System.out.println("bench key state: " + primed.state().length + " B");
        assertThat(primed.state().length).isLessThanOrEqualTo(512);
    }
}
