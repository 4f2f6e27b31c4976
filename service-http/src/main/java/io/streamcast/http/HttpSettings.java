package io.streamcast.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where an HTTP API listens and whether it needs a token.
 *
 * @param bindHost the address to bind ({@code 0.0.0.0}: every interface; {@code 127.0.0.1}: this host only)
 * @param port     the port, 0 = any free one
 * @param token    the bearer token every request but the public ones must carry, or null for none
 */
public record HttpSettings(String bindHost, int port, BearerToken token) {
    public HttpSettings {
        Objects.requireNonNull(bindHost, "bindHost");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
    }

    /** Binds {@code bindHost:port}, with the token of {@value BearerToken#ENV} if set. */
    public static HttpSettings fromEnvironment(String bindHost, int port) {
        return new HttpSettings(bindHost, port, BearerToken.fromEnvironment());
    }

    /** Without a token: every endpoint open. */
    public static HttpSettings open(String bindHost, int port) {
        return new HttpSettings(bindHost, port, null);
    }

    /** Whether the server binds to a loopback address (127.0.0.0/8, ::1, localhost): only this host connects. */
    public boolean loopbackOnly() {
        try {
            return InetAddress.getByName(bindHost).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // the server will fail to bind it anyway
        }
    }

    /** What a startup line says about authentication (never the token). */
    public String authDescription() {
        return token == null ? "unauthenticated (" + BearerToken.ENV + " not set)"
                : "bearer token required (" + BearerToken.ENV + ")";
    }

    @Override
    public String toString() { // never the token
        return "HttpSettings[" + bindHost + ":" + port + ", " + (token == null ? "no token" : "token set") + "]";
    }
}
