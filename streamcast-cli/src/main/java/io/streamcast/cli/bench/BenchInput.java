package io.streamcast.cli.bench;

import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.codec.ObservationCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesForecaster;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.forecast.SeriesStateCodec;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ServingModel;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The synthetic input of every run: record {@code i} over {@code keys} keys belongs to key {@code i mod keys}
 * (round robin) and is that key's step {@code i / keys}, hourly from {@link #T0}, a daily cycle around 100 with
 * a little deterministic noise. Also the key primed by that input ({@link #primed}), whose state and forecast give
 * the passthroughs the forecaster's sizes and the scaling runs their restored state.
 */
final class BenchInput {
    static final long T0 = 1_700_000_000_000L;
    static final long HOUR = 3_600_000L;

    private final ForecastSettings settings;
    private final ObservationCodec observations = new ObservationCodec();

    BenchInput(ForecastSettings settings) {
        this.settings = settings;
    }

    /** Input record {@code i}: key i mod keys, hourly, a daily cycle around 100 with noise in [0, 2). */
    static Observation observation(int i, int keys, long firstStep) {
        long step = firstStep + i / keys;
        long ts = T0 + step * HOUR;
        double value = 100 + 10 * Math.sin(2 * Math.PI * (step % 24) / 24.0) + ((i * 2654435761L) % 1000) / 500.0;
        return new Observation(key(i % keys), ts, value);
    }

    /** Key {@code k}'s series id, zero-padded so that ids sort as numbers. */
    static String key(int k) {
        return String.format("k%07d", k);
    }

    /**
     * {@link #observation} {@code i} as the record a run produces to {@code topic}: the series id as key, the
     * encoded observation as value, its timestamp as the record's.
     */
    ProducerRecord<String, byte[]> record(String topic, int i, int keys, long firstStep) {
        Observation o = observation(i, keys, firstStep);
        return new ProducerRecord<>(topic, null, o.timestampMillis(), o.seriesId(), observations.encode(o));
    }

    /** Steps of history behind {@link #primed}: three windows. */
    int primedSteps() {
        return 3 * settings.window();
    }

    /**
     * A key primed by {@link #primedSteps} of the bench's own input with {@code bundle} serving: its serialized
     * state (full window, carried LSTM state) and the forecast it emitted last, which give the passthroughs the
     * forecaster's state and output sizes.
     */
    record Primed(byte[] state, Forecast forecast) {
        byte[] encodedForecast() {
            return new ForecastCodec().encode(forecast);
        }
    }

    Primed primed(ModelBundle bundle) throws Exception {
        SeriesForecaster f = new SeriesForecaster(settings);
        ServingModel model = ServingModel.load(bundle, KernelKind.JAVA);
        SeriesState s = f.newState();
        Forecast last = null;
        int keys = 1_000;
        for (int i = 0; i < primedSteps(); i++) {
            last = f.observe(s, observation(i * keys, keys, 0), model).forecast(); // key 0's first steps
        }
        s.arrivedAt(System.currentTimeMillis()); // as the topology stamps it: the state's size is the stored one
        return new Primed(new SeriesStateCodec(settings).encode(s), last);
    }
}
