package io.streamcast.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.codec.ObservationCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.domain.Parsed;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.SeriesStateCodec;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class BenchInputTest {
    private static final ForecastSettings SETTINGS = ForecastSettings.defaults();

    @Test
    void keysAreZeroPaddedSoTheySortAsNumbers() {
        assertThat(BenchInput.key(7)).isEqualTo("k0000007");
        assertThat(BenchInput.key(1_234_567)).isEqualTo("k1234567");
        assertThat(BenchInput.key(9).compareTo(BenchInput.key(10))).isNegative();
    }

    @Test
    void recordsGoRoundRobinOverTheKeysOneHourlyStepPerRound() {
        Map<String, Long> lastTimestamp = new HashMap<>();
        for (int i = 0; i < 3 * 50; i++) {
            Observation o = BenchInput.observation(i, 3, 0);
            assertThat(o.seriesId()).isEqualTo(BenchInput.key(i % 3));
            assertThat(o.timestampMillis()).isEqualTo(BenchInput.T0 + (i / 3) * BenchInput.HOUR);
            Long previous = lastTimestamp.put(o.seriesId(), o.timestampMillis());
            if (previous != null) {
                assertThat(o.timestampMillis() - previous).isEqualTo(BenchInput.HOUR);
            }
            assertThat(o.value()).isBetween(90.0, 112.0);
        }
        assertThat(lastTimestamp).hasSize(3);
    }

    @Test
    void valueIsADailyCycleAround100PlusDeterministicNoise() {
        assertThat(BenchInput.observation(0, 3, 0).value()).isEqualTo(100.0); // step 0, no noise
        // i = 6 over 3 keys: step 2 (sin(2 pi 2/24) = 0.5), noise (6 * 2654435761) mod 1000 = 566 -> 1.132
        assertThat(BenchInput.observation(6, 3, 0).value()).isCloseTo(106.132, within(1e-9));
        // step 18: the cycle's trough
        assertThat(BenchInput.observation(18, 1, 0).value() - noise(18)).isCloseTo(90.0, within(1e-9));
        assertThat(BenchInput.observation(6, 3, 0)).isEqualTo(BenchInput.observation(6, 3, 0));
    }

    private static double noise(int i) {
        return ((i * 2654435761L) % 1000) / 500.0;
    }

    @Test
    void firstStepShiftsEveryKeysSeriesSoAScalingRunContinuesThePrimedHistory() {
        BenchInput input = new BenchInput(SETTINGS);
        assertThat(input.primedSteps()).isEqualTo(3 * SETTINGS.window());
        Observation o = BenchInput.observation(5, 5, input.primedSteps());
        assertThat(o.seriesId()).isEqualTo("k0000000");
        assertThat(o.timestampMillis()).isEqualTo(BenchInput.T0 + (input.primedSteps() + 1) * BenchInput.HOUR);
    }

    @Test
    void aRecordCarriesTheObservationEncodedWithItsSeriesAsKeyAndItsTimeAsTimestamp() {
        ProducerRecord<String, byte[]> r = new BenchInput(SETTINGS).record("in", 7, 4, 10);
        Observation o = BenchInput.observation(7, 4, 10);
        assertThat(r.topic()).isEqualTo("in");
        assertThat(r.key()).isEqualTo("k0000003");
        assertThat(r.timestamp()).isEqualTo(BenchInput.T0 + 11 * BenchInput.HOUR).isEqualTo(o.timestampMillis());
        Parsed<Observation> parsed = new ObservationCodec().parse(r.key(), r.value());
        assertThat(parsed).isInstanceOfSatisfying(Parsed.Ok.class, ok -> assertThat(ok.value()).isEqualTo(o));
    }

    @Test
    void aPrimedKeyHasAFullStateAndTheForecastOfItsLastPrimedStep() throws Exception {
        BenchInput input = new BenchInput(SETTINGS);
        BenchInput.Primed primed = input.primed(BenchModels.bundle(SETTINGS, "test-v1", 8, 1));
        Forecast f = primed.forecast();
        assertThat(f.seriesId()).isEqualTo("k0000000");
        assertThat(f.originMillis()).isEqualTo(BenchInput.T0 + (input.primedSteps() - 1) * BenchInput.HOUR);
        assertThat(f.points()).hasSize(SETTINGS.horizon());
        assertThat(f.modelVersion()).isEqualTo("test-v1");
        // a full window and a carried LSTM state: more than a fresh key's state
        byte[] fresh = new SeriesStateCodec(SETTINGS).encode(new SeriesForecaster(SETTINGS).newState());
        assertThat(primed.state().length).isGreaterThan(fresh.length + SETTINGS.window());
        assertThat(primed.encodedForecast()).isNotEmpty();
    }
}
