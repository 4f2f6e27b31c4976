package io.streamcast.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllowedHostsTest {
    @Test
    void addressesLocalhostAndListedNamesAreAnsweredOtherNamesAreNot() {
        AllowedHosts hosts = AllowedHosts.parse("streams.example.svc, Ingress.Example.com:443");
        for (String ok : new String[] {"127.0.0.1", "127.0.0.1:8080", "10.1.2.3:80", "[::1]:8080", "[fe80::1]",
            "localhost", "LOCALHOST:8080", "streams.example.svc:8080", "ingress.example.com", null}) {
            assertThat(hosts.allows(ok)).as(String.valueOf(ok)).isTrue();
        }
        for (String refused : new String[] {"evil.example", "evil.example:8080", "127.0.0.1.evil.example",
            "localhost.evil.example", "streams.example.svc.evil.example", "0x7f.1", "", "example.svc"}) {
            assertThat(hosts.allows(refused)).as(refused).isFalse();
        }
    }

    @Test
    void aStarAnswersAnyName() {
        assertThat(AllowedHosts.parse("*").allows("anything.example")).isTrue();
        assertThat(AllowedHosts.of().with("*").allows("anything.example")).isTrue();
        assertThat(AllowedHosts.parse("*").describe()).isEqualTo("*");
        assertThat(AllowedHosts.of().allows("anything.example")).isFalse();
    }

    @Test
    void namesAddedLaterAreAnswered() {
        AllowedHosts hosts = AllowedHosts.parse(null).with("streams-0.streams.ns.svc");
        assertThat(hosts.allows("streams-0.streams.ns.svc:8080")).isTrue();
        assertThat(hosts.allows("streams-1.streams.ns.svc:8080")).isFalse();
    }
}
