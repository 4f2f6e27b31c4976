package io.streamcast.streams.store;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of the process: one LRU block cache of {@value #MEMORY_CONFIG} bytes
 * (default {@link #DEFAULT_MEMORY_BYTES}) shared by all stores, index and filter blocks counted in it, and the
 * memtables charged to the same cache through a {@link WriteBufferManager} (at most a third of it). Without this,
 * each store of each task gets RocksDB's own defaults (a 50 MB block cache and up to three 16 MB memtables), so
 * memory grows with the number of partitions an instance holds, and millions of keys are not bounded at all.
 *
 * <p>The budget is a Kafka Streams property ({@value #MEMORY_CONFIG}), so it is set like any client property
 * ({@code --kafka-config}, or {@code STREAMCAST_KAFKA_STREAMCAST_ROCKSDB_MEMORY_BYTES}; docs/configuration.md).
 * Kafka Streams' recommended pattern (its memory-management guide): the cache and the write buffer manager are
 * shared and never closed by a store.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** The property holding the budget in bytes. */
    public static final String MEMORY_CONFIG = "streamcast.rocksdb.memory.bytes";
    /** 128 MiB: the state of about a million bench keys in blocks, with room for the memtables. */
    public static final long DEFAULT_MEMORY_BYTES = 128L * 1024 * 1024;
    /** The block size: RocksDB's default 4 KiB makes the index large for millions of small values. */
    static final long BLOCK_BYTES = 16 * 1024;
    static final int MEMTABLES = 2;

    /** One cache per budget for the process: stores of every task share it (tests may run apps of several). */
    private static final Map<Long, Shared> SHARED = new HashMap<>();

    private record Shared(Cache cache, WriteBufferManager writeBuffers) {}

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long budget = budget(configs);
        Shared shared = shared(budget);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_BYTES);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setMaxWriteBufferNumber(MEMTABLES);
        options.setWriteBufferSize(Math.max(1024 * 1024, budget / 3 / MEMTABLES / 4));
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store: not closed with one of them
    }

    /** The budget from the Streams configs, at least 16 MiB. */
    static long budget(Map<String, ?> configs) {
        Object value = configs.get(MEMORY_CONFIG);
        long budget = value == null ? DEFAULT_MEMORY_BYTES : Long.parseLong(value.toString().trim());
        if (budget < 16L * 1024 * 1024) {
            throw new IllegalArgumentException(MEMORY_CONFIG + " must be at least 16 MiB (16777216): " + value);
        }
        return budget;
    }

    private static synchronized Shared shared(long budget) {
        return SHARED.computeIfAbsent(budget, b -> {
            // not strict: an insert into a full cache evicts rather than fails (RocksDB's and Kafka's recommendation)
            Cache cache = new LRUCache(b, -1, false, 0.1);
            return new Shared(cache, new WriteBufferManager(b / 3, cache));
        });
    }

    /** The block cache in use for a budget, or null (tests). */
    static synchronized Cache cacheFor(long budget) {
        Shared shared = SHARED.get(budget);
        return shared == null ? null : shared.cache();
    }
}
