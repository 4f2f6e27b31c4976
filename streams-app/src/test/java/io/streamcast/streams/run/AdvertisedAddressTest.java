package io.streamcast.streams.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 26, item 11: the default advertised address is not localhost once others can reach the server. */
class AdvertisedAddressTest {
    @Test
    void loopbackStaysLocalhostABoundAddressIsItselfEveryInterfaceIsThisHostsAddress() {
        assertThat(AdvertisedAddress.derive("127.0.0.1", 8080)).isEqualTo("localhost:8080");
        assertThat(AdvertisedAddress.derive("localhost", 8080)).isEqualTo("localhost:8080");
        assertThat(AdvertisedAddress.derive("10.1.2.3", 8080)).isEqualTo("10.1.2.3:8080");
        String everywhere = AdvertisedAddress.derive("0.0.0.0", 8080);
        assertThat(everywhere).endsWith(":8080");
        if (AdvertisedAddress.hostAddress().isPresent()) { // a host with a network, as every deployment has
            assertThat(everywhere).doesNotStartWith("localhost").doesNotStartWith("127.");
        }
    }
}
