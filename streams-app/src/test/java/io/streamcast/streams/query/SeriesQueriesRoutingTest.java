package io.streamcast.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.streams.query.SeriesQueries.Route;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** Where a query goes, from Kafka Streams' metadata alone (no broker): here, to the owner, or nowhere (503). */
class SeriesQueriesRoutingTest {
    private static final HostInfo SELF = new HostInfo("127.0.0.1", 8080);
    private static final HostInfo OTHER = new HostInfo("127.0.0.1", 8081);
    private static final HostInfo THIRD = new HostInfo("10.0.0.3", 8080);

    private static KeyQueryMetadata ownedBy(HostInfo active, HostInfo... standbys) {
        return new KeyQueryMetadata(active, Set.of(standbys), 0);
    }

    @Test
    void anInstanceWithoutApplicationServerAnswersEveryKeyItself() {
        assertThat(SeriesQueries.route(null, null, false)).isEqualTo(Route.LOCAL);
        assertThat(SeriesQueries.route(null, KeyQueryMetadata.NOT_AVAILABLE, true)).isEqualTo(Route.LOCAL);
    }

    @Test
    void theOwnerAnswersFromItsStoreAskedDirectlyOrForwarded() {
        assertThat(SeriesQueries.route(SELF, ownedBy(SELF), false)).isEqualTo(Route.LOCAL);
        assertThat(SeriesQueries.route(SELF, ownedBy(SELF, OTHER), true)).isEqualTo(Route.LOCAL);
        // the same address built anew (as parsed from application.server) is still this instance
        assertThat(SeriesQueries.route(new HostInfo("127.0.0.1", 8080), ownedBy(SELF), false))
                .isEqualTo(Route.LOCAL);
    }

    @Test
    void aKeyOwnedElsewhereIsForwardedOnceToItsActiveOwner() {
        assertThat(SeriesQueries.route(SELF, ownedBy(OTHER), false)).isEqualTo(Route.FORWARD);
        // a standby copy here does not answer: the active owner does
        assertThat(SeriesQueries.route(SELF, ownedBy(OTHER, SELF), false)).isEqualTo(Route.FORWARD);
        // same host, another port: another instance
        assertThat(SeriesQueries.route(SELF, ownedBy(new HostInfo("127.0.0.1", 9090)), false))
                .isEqualTo(Route.FORWARD);
    }

    @Test
    void aForwardedQueryThatReachesANonOwnerIsNotForwardedAgain() {
        assertThat(SeriesQueries.route(SELF, ownedBy(OTHER), true)).isEqualTo(Route.MOVING);
    }

    @Test
    void aKeyNoInstanceOwnsIsAnsweredNowhere() {
        assertThat(SeriesQueries.route(SELF, null, false)).isEqualTo(Route.NO_OWNER);
        assertThat(SeriesQueries.route(SELF, KeyQueryMetadata.NOT_AVAILABLE, false)).isEqualTo(Route.NO_OWNER);
        assertThat(SeriesQueries.route(SELF, KeyQueryMetadata.NOT_AVAILABLE, true)).isEqualTo(Route.NO_OWNER);
    }

    @Test
    void theSeriesListAsksEveryOtherInstanceOnceAndNotItself() {
        assertThat(SeriesQueries.others(SELF, List.of(OTHER, SELF, THIRD, OTHER))).containsExactly(OTHER, THIRD);
        assertThat(SeriesQueries.others(SELF, List.of(SELF))).isEmpty();
        assertThat(SeriesQueries.others(SELF, List.of())).isEmpty();
    }
}
