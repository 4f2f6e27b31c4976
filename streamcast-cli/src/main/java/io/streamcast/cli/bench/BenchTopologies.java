package io.streamcast.cli.bench;

import io.streamcast.core.codec.ObservationCodec;
import io.streamcast.core.domain.Observation;
import io.streamcast.core.domain.Parsed;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The baselines the forecasting topology is measured against, on the same input and with the same settings:
 * <ul>
 *   <li>a passthrough with the same work minus the forecasting: it parses each observation with the same codec,
 *       reads and rewrites a per-key state of the forecaster's size in a cached, changelogged RocksDB store and
 *       emits a record of a forecast's size;</li>
 *   <li>a stateless passthrough: source to sink.</li>
 * </ul>
 */
final class BenchTopologies {
    static final String STORE = "passthrough-state";

    private BenchTopologies() {}

    static Topology statefulPassthrough(String input, String output, int stateBytes, byte[] outputValue) {
        Topology t = new Topology();
        t.addSource("in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), input);
        t.addProcessor("passthrough", () -> new Processor<String, byte[], String, byte[]>() {
            private final ObservationCodec codec = new ObservationCodec();
            private ProcessorContext<String, byte[]> context;
            private KeyValueStore<String, byte[]> store;

            @Override
            public void init(ProcessorContext<String, byte[]> context) {
                this.context = context;
                this.store = context.getStateStore(STORE);
            }

            @Override
            public void process(Record<String, byte[]> record) {
                if (codec.parse(record.key(), record.value()) instanceof Parsed.Ok<Observation> ok) {
                    byte[] state = store.get(ok.value().seriesId());
                    byte[] next = state == null ? new byte[stateBytes] : state.clone();
                    next[0]++;
                    store.put(ok.value().seriesId(), next);
                    context.forward(new Record<>(record.key(), outputValue, record.timestamp()));
                }
            }
        }, "in");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled(), "passthrough");
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
