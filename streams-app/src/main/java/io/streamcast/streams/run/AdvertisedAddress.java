package io.streamcast.streams.run;

import io.streamcast.http.HttpSettings;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Optional;

/**
 * Where the other instances reach this one when {@code --advertised-http} is not given. {@code localhost} would
 * make every instance on every host claim every key for itself; so, unless the server binds to loopback (then
 * only this host can reach it anyway), the default is this host's own address: the one its name resolves to, or
 * the first up, non-loopback IPv4 address of its interfaces (a pod's or a container's IP, which the others on its
 * network reach).
 */
final class AdvertisedAddress {
    private AdvertisedAddress() {}

    /** {@code HOST:PORT} for {@code application.server}, for a server bound as {@code http} says. */
    static String derive(HttpSettings http, int port) {
        String bindHost = http.bindHost();
        if (http.loopbackOnly()) {
            return "localhost:" + port;
        }
        if (!bindHost.equals("0.0.0.0") && !bindHost.equals("::") && !bindHost.isBlank()) {
            return bindHost + ":" + port; // bound to one address: that is where the others reach it
        }
        return hostAddress().orElse("localhost") + ":" + port;
    }

    /** This host's non-loopback address, if it has one. */
    static Optional<String> hostAddress() {
        try {
            InetAddress local = InetAddress.getLocalHost();
            if (!local.isLoopbackAddress()) {
                return Optional.of(local.getHostAddress());
            }
        } catch (UnknownHostException e) {
            // fall through to the interfaces
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return Optional.of(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to read
        }
        return Optional.empty();
    }
}
