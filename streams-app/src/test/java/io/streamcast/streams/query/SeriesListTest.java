package io.streamcast.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesListTest {
    @Test
    void firstOfTakesUpToTheLimitAndSaysWhetherThereWereMore() {
        assertThat(SeriesList.firstOf(List.of("a", "b", "c").iterator(), 2))
                .isEqualTo(new SeriesList(List.of("a", "b"), true));
        assertThat(SeriesList.firstOf(List.of("a", "b").iterator(), 2))
                .isEqualTo(new SeriesList(List.of("a", "b"), false));
        assertThat(SeriesList.firstOf(List.<String>of().iterator(), 2)).isEqualTo(new SeriesList(List.of(), false));
    }

    @Test
    void mergeKeepsTheFirstIdsOfTheUnionInStoreOrderOnceEach() {
        SeriesList p0 = new SeriesList(List.of("b", "d"), false);
        SeriesList p1 = new SeriesList(List.of("a", "c", "d"), false);
        assertThat(SeriesList.merge(List.of(p0, p1), 10)).isEqualTo(new SeriesList(List.of("a", "b", "c", "d"), false));
        assertThat(SeriesList.merge(List.of(p0, p1), 3)).isEqualTo(new SeriesList(List.of("a", "b", "c"), true));
        assertThat(SeriesList.merge(List.of(p0, new SeriesList(List.of("a"), true)), 10))
                .as("a truncated page makes the merge truncated").extracting(SeriesList::truncated).isEqualTo(true);
    }

    @Test
    void storeOrderIsUnsignedUtf8ByteOrder() {
        // U+FF5E sorts before U+1F600 in UTF-16 code units (String.compareTo) but after it in UTF-8 bytes
        String fullwidth = "\uFF5E";
        String emoji = new String(Character.toChars(0x1F600));
        assertThat(fullwidth.compareTo(emoji)).isPositive();
        assertThat(SeriesList.merge(List.of(new SeriesList(List.of(fullwidth, emoji, "Zeta", "alpha", "é"), false)), 10)
                .ids()).containsExactly("Zeta", "alpha", "é", fullwidth, emoji);
    }

    @Test
    void jsonRoundTripsAndNamesTheLimitAndUnreachableInstances() {
        SeriesList list = new SeriesList(List.of("a", "b"), true);
        String json = new String(list.toJson(1000, List.of("10.0.0.2:8080")), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo(
                "{\"series\":[\"a\",\"b\"],\"truncated\":true,\"limit\":1000,\"unreachable\":[\"10.0.0.2:8080\"]}");
        assertThat(SeriesList.fromJson(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(list);
        assertThatThrownBy(() -> SeriesList.fromJson("{\"error\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeriesList.fromJson("{\"series\":[1]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
