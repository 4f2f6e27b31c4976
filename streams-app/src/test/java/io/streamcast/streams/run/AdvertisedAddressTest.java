package io.streamcast.streams.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.http.HttpSettings;
import org.junit.jupiter.api.Test;

/** The default advertised address is not localhost once others can reach the server. */
class AdvertisedAddressTest {
    @Test
    void loopbackStaysLocalhostABoundAddressIsItselfEveryInterfaceIsThisHostsAddress() {
        assertThat(AdvertisedAddress.derive(HttpSettings.open("127.0.0.1", 0), 8080)).isEqualTo("localhost:8080");
        assertThat(AdvertisedAddress.derive(HttpSettings.open("localhost", 0), 8080)).isEqualTo("localhost:8080");
        assertThat(AdvertisedAddress.derive(HttpSettings.open("10.1.2.3", 0), 8080)).isEqualTo("10.1.2.3:8080");
        String everywhere = AdvertisedAddress.derive(HttpSettings.open("0.0.0.0", 0), 8080);
        assertThat(everywhere).endsWith(":8080");
        if (AdvertisedAddress.hostAddress().isPresent()) { // a host with a network, as every deployment has
            assertThat(everywhere).doesNotStartWith("localhost").doesNotStartWith("127.");
        }
    }
}
