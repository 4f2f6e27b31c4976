package io.streamcast.streams.query;

import io.streamcast.core.forecast.SeriesState;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.query.SeriesQueries.Answer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /series} of one forecast group: the series ids in its store, gathered from every instance (each holds
 * the keys of its own active partitions) and merged ({@link SeriesList}). Part of {@link SeriesQueries}.
 */
final class SeriesIdsQuery {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final ForecastGroupConfig group;
    private final String store;
    private final String seriesPath;
    private final Forwarder forwarder;

    /**
     * @param self       this instance, or null for a single instance that answers locally
     * @param seriesPath where another instance answers for this group ({@code /series} or
     *                   {@code /groups/{group}/series})
     */
    SeriesIdsQuery(KafkaStreams streams, HostInfo self, ForecastGroupConfig group, String store, String seriesPath,
                   Forwarder forwarder) {
        this.streams = streams;
        this.self = self;
        this.group = group;
        this.store = store;
        this.seriesPath = seriesPath;
        this.forwarder = forwarder;
    }

    /**
     * The group's series ids, the first {@value SeriesQueries#SeriesQueries.SERIES_LIMIT} in store order ({@link SeriesList}).
     * Each instance knows only the keys of its own active partitions; unless {@code localOnly} (what one instance
     * asks another with {@code ?local=true}), the others are asked too and an instance that does not answer is
     * named in {@code unreachable}.
     */
    Answer answer(boolean localOnly) {
        SeriesList local;
        try {
            local = localSeries();
        } catch (InvalidStateStoreException e) {
            return SeriesQueries.unavailable("state store not queryable: " + e.getMessage());
        }
        if (localOnly || self == null) {
            return new Answer(200, local.toJson(SeriesQueries.SERIES_LIMIT, List.of()));
        }
        Map<HostInfo, CompletableFuture<HttpResponse<byte[]>>> asked = new LinkedHashMap<>();
        for (HostInfo host : SeriesQueries.others(self, streams, store)) {
            asked.put(host, forwarder.ask(host, seriesPath, "local=true"));
        }
        List<SeriesList> pages = new ArrayList<>();
        pages.add(local);
        List<String> unreachable = new ArrayList<>();
        long deadline = System.nanoTime() + Forwarder.TIMEOUT.toNanos(); // the instances are asked in parallel
        for (Map.Entry<HostInfo, CompletableFuture<HttpResponse<byte[]>>> e : asked.entrySet()) {
            try {
                HttpResponse<byte[]> response = e.getValue().get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("status " + response.statusCode());
                }
                pages.add(SeriesList.fromJson(response.body()));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return SeriesQueries.unavailable("interrupted");
            } catch (ExecutionException | TimeoutException | RuntimeException ex) {
                e.getValue().cancel(true);
                unreachable.add(e.getKey().host() + ":" + e.getKey().port());
            }
        }
        return new Answer(200, SeriesList.merge(pages, SeriesQueries.SERIES_LIMIT).toJson(SeriesQueries.SERIES_LIMIT, unreachable));
    }

    /** The first {@value SeriesQueries#SERIES_LIMIT} keys of each of this instance's active partitions of the store, merged. */
    private SeriesList localSeries() {
        List<SeriesList> pages = new ArrayList<>();
        for (int partition : localPartitions()) {
            ReadOnlyKeyValueStore<String, SeriesState> part = streams.store(StoreQueryParameters.fromNameAndType(
                    store, QueryableStoreTypes.<String, SeriesState>keyValueStore())
                    .withPartition(partition));
            try (KeyValueIterator<String, SeriesState> it = part.all()) {
                pages.add(SeriesList.firstOf(new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public String next() {
                        return it.next().key;
                    }
                }, SeriesQueries.SERIES_LIMIT));
            }
        }
        return SeriesList.merge(pages, SeriesQueries.SERIES_LIMIT);
    }

    /** The partitions of the group's inputs whose tasks (and so its store's partitions) run here as active. */
    private Set<Integer> localPartitions() {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                for (TopicPartition tp : task.topicPartitions()) {
                    if (group.reads(tp.topic())) {
                        partitions.add(tp.partition());
                    }
                }
            }
        }
        return partitions;
    }
}
