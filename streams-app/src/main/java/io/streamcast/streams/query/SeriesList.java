package io.streamcast.streams.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * A page of series ids: the first {@code limit} in the order the state store keeps them (unsigned UTF-8 bytes,
 * as RocksDB and Kafka Streams' caches sort {@code String} keys), and whether there were more.
 *
 * <p>Each store partition is read only up to {@code limit} keys ({@link #firstOf}): the first {@code limit} ids
 * of the whole application are among the first {@code limit} of each partition, so merging the partitions'
 * pages ({@link #merge}) gives the application's page without scanning every key.
 *
 * @param ids       ids in store order, at most the limit
 * @param truncated whether ids were left out
 */
public record SeriesList(List<String> ids, boolean truncated) {
    /** Unsigned UTF-8 byte order, the order of the state store's keys. */
    public static final Comparator<String> STORE_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private static final ObjectMapper JSON = new ObjectMapper();

    public SeriesList {
        ids = List.copyOf(ids);
    }

    /** The first {@code limit} keys of one partition's iterator (which yields them in store order). */
    public static SeriesList firstOf(Iterator<String> keysInStoreOrder, int limit) {
        List<String> ids = new ArrayList<>(Math.min(limit, 1024));
        while (ids.size() < limit && keysInStoreOrder.hasNext()) {
            ids.add(keysInStoreOrder.next());
        }
        return new SeriesList(ids, keysInStoreOrder.hasNext());
    }

    /** The first {@code limit} ids of the union of pages (partitions or instances), duplicates once. */
    public static SeriesList merge(Collection<SeriesList> pages, int limit) {
        TreeSet<String> all = new TreeSet<>(STORE_ORDER);
        boolean truncated = false;
        for (SeriesList page : pages) {
            all.addAll(page.ids());
            truncated |= page.truncated();
        }
        List<String> ids = new ArrayList<>(Math.min(all.size(), limit));
        for (Iterator<String> it = all.iterator(); it.hasNext() && ids.size() < limit; ) {
            ids.add(it.next());
        }
        return new SeriesList(ids, truncated || all.size() > limit);
    }

    /**
     * The {@code GET /series} body: {@code {"series":[...],"truncated":false,"limit":1000,"unreachable":[]}};
     * {@code unreachable} lists the instances (HOST:PORT) that did not answer, whose keys are missing.
     */
    public byte[] toJson(int limit, List<String> unreachable) {
        try {
            return JSON.writeValueAsBytes(new Body(ids, truncated, limit, unreachable));
        } catch (IOException e) {
            throw new IllegalStateException(e); // strings, booleans and ints always serialize
        }
    }

    /** The {@code GET /series} body as Jackson writes it. */
    @JsonPropertyOrder({"series", "truncated", "limit", "unreachable"})
    record Body(@JsonProperty("series") List<String> series, @JsonProperty("truncated") boolean truncated,
                @JsonProperty("limit") int limit, @JsonProperty("unreachable") List<String> unreachable) {}

    /** Reads another instance's {@code GET /series?local=true} body. */
    public static SeriesList fromJson(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("series list is not JSON: " + e.getMessage(), e);
        }
        JsonNode series = root == null ? null : root.get("series");
        if (series == null || !series.isArray()) {
            throw new IllegalArgumentException("series list has no 'series' array");
        }
        List<String> ids = new ArrayList<>(series.size());
        for (JsonNode id : series) {
            if (!id.isTextual()) {
                throw new IllegalArgumentException("series list holds a non-string id: " + id);
            }
            ids.add(id.asText());
        }
        return new SeriesList(ids, root.path("truncated").asBoolean(false));
    }
}
