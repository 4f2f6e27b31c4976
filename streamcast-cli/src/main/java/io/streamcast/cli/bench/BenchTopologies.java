package io.streamcast.cli.bench;

import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.codec.SeriesKeys;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.domain.ForecastPoint;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.domain.Reading;
import io.streamcast.core.domain.Received;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.forecast.SeriesState;
import io.streamcast.core.forecast.SeriesStateCodec;
import io.streamcast.streams.serde.StreamsSerdes;
import io.streamcast.streams.topology.SeriesStateSerde;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The baselines the forecasting topology is measured against, on the same input and with the same settings:
 * <ul>
 *   <li>a passthrough with the forecaster's serdes, stores and bytes, minus the forecasting: it reads each
 *       observation through the forecaster's input serdes ({@link StreamsSerdes}), reads its key's state from a
 *       cached, changelogged RocksDB store
 *       through the forecaster's state serde and writes it back (a primed state of the forecaster's size, so
 *       the same bytes), and emits a forecast of the forecaster's size through the forecast codec. What it
 *       leaves out is the forecasting work itself: the forecaster's {@code observe} (scoring, the LSTM step,
 *       building the forecast) and the metrics;</li>
 *   <li>the same passthrough without serdes ("raw"): the state and the output as prepared bytes, so against it
 *       the forecaster's ratio also counts encoding the forecast and the state;</li>
 *   <li>a stateless passthrough: source to sink.</li>
 * </ul>
 */
final class BenchTopologies {
    static final String STORE = "passthrough-state";

    private BenchTopologies() {}

    /** The passthrough through the forecaster's serdes: a key's state as {@code state}, each output {@code sample}. */
    static Topology statefulPassthrough(String input, String output, ForecastSettings settings, byte[] state,
                                        Forecast sample) {
        SeriesStateCodec states = new SeriesStateCodec(settings);
        ForecastCodec forecasts = new ForecastCodec(); // thread-safe
        long step = sample.points().get(0).targetMillis() - sample.originMillis();
        return withStore(input, output, new SeriesStateSerde(settings), () -> new StorePassthrough<SeriesState>() {
            @Override
            byte[] pass(Observation o) {
                SeriesState s = store.get(o.seriesId());
                store.put(o.seriesId(), s == null ? states.decode(state) : s);
                // the sample's numbers at this record's origin (the compact format derives each target time)
                long origin = o.timestampMillis();
                List<ForecastPoint> points = new ArrayList<>(sample.horizon());
                for (ForecastPoint p : sample.points()) {
                    points.add(new ForecastPoint(p.step(), origin + p.step() * step, p.mean(), p.lower(), p.upper()));
                }
                return forecasts.encode(new Forecast(o.seriesId(), origin, sample.modelVersion(), points));
            }
        });
    }

    /** The passthrough without serdes: a state of {@code stateBytes} rewritten, {@code outputValue} emitted. */
    static Topology rawPassthrough(String input, String output, int stateBytes, byte[] outputValue) {
        return withStore(input, output, Serdes.ByteArray(), () -> new StorePassthrough<byte[]>() {
            @Override
            byte[] pass(Observation o) {
                byte[] s = store.get(o.seriesId());
                byte[] next = s == null ? new byte[stateBytes] : s.clone();
                next[0]++;
                store.put(o.seriesId(), next);
                return outputValue;
            }
        });
    }

    /** Takes each observation the forecaster's input serdes decoded and forwards what {@link #pass} makes of it. */
    private abstract static class StorePassthrough<V>
            implements Processor<Received<String>, Received<Reading>, String, byte[]> {
        private ProcessorContext<String, byte[]> context;
        KeyValueStore<String, V> store;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<Received<String>, Received<Reading>> record) {
            if (record.key().rejection() == null && record.value().rejection() == null) {
                String id = record.key().value();
                context.forward(new Record<>(id, pass(record.value().value().of(id)), record.timestamp()));
            }
        }

        abstract byte[] pass(Observation o);
    }

    private static <V> Topology withStore(
            String input, String output, Serde<V> stateSerde,
            ProcessorSupplier<Received<String>, Received<Reading>, String, byte[]> processor) {
        Topology t = new Topology();
        t.addSource("in", StreamsSerdes.inputKeys(SeriesKeys.DEFAULT_MAX_BYTES).deserializer(),
                StreamsSerdes.inputValues().deserializer(), input);
        t.addProcessor("passthrough", processor, "in");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                stateSerde).withCachingEnabled(), "passthrough");
        t.addSink("out", output, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "passthrough");
        return t;
    }

    static Topology statelessPassthrough(String input, String output) {
        Topology t = new Topology();
        t.addSource("in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), input);
        t.addSink("out", output, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "in");
        return t;
    }
}
