package io.streamcast.streams.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.kafka.client.KafkaOptions;
import io.streamcast.streams.config.StreamsAppConfig;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Every store of the process shares one bounded cache; the budget is a pass-through property. */
class BoundedRocksDbMemoryTest {
    static {
        RocksDB.loadLibrary();
    }

    @Test
    void everyStoreGetsTheOneSharedCacheAndBoundedMemtables() {
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        long budget = 64L * 1024 * 1024;
        Map<String, Object> configs = Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, Long.toString(budget));
        try (Options first = new Options(); Options second = new Options()) {
            first.setTableFormatConfig(new BlockBasedTableConfig());
            second.setTableFormatConfig(new BlockBasedTableConfig());
            setter.setConfig("series-state", first, configs);
            setter.setConfig("model-bundles", second, configs);
            assertThat(BoundedRocksDbMemory.cacheFor(budget)).isNotNull();
            assertThat(first.maxWriteBufferNumber()).isEqualTo(BoundedRocksDbMemory.MEMTABLES);
            assertThat(first.writeBufferSize()).isLessThanOrEqualTo(budget / 3);
            BlockBasedTableConfig table = (BlockBasedTableConfig) first.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table.blockSize()).isEqualTo(BoundedRocksDbMemory.BLOCK_BYTES);
        }
    }

    @Test
    void theBudgetDefaultsAndIsCheckedAndStreamsAppInstallsTheSetter() {
        assertThat(BoundedRocksDbMemory.budget(Map.of())).isEqualTo(BoundedRocksDbMemory.DEFAULT_MEMORY_BYTES);
        assertThatThrownBy(() -> BoundedRocksDbMemory.budget(Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, "1000")))
                .hasMessageContaining("at least 16 MiB");
        assertThat(StreamsAppConfig.defaults("k:9092").toStreamsProperties()
                .get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbMemory.class.getName());
        // set like any client property: STREAMCAST_KAFKA_<NAME>
        assertThat(KafkaOptions.propertyName("STREAMCAST_KAFKA_STREAMCAST_ROCKSDB_MEMORY_BYTES"))
                .isEqualTo(BoundedRocksDbMemory.MEMORY_CONFIG);
    }
}
