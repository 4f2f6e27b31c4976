package io.streamcast.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where an HTTP API listens, whether it needs a token, whether it speaks HTTPS, and which Host names it answers.
 *
 * @param bindHost the address to bind ({@code 0.0.0.0}: every interface; {@code 127.0.0.1}: this host only)
 * @param port     the port, 0 = any free one
 * @param token    the bearer token every request but the public ones must carry, or null for none
 * @param tls      the key and certificate to serve HTTPS with, or null for plain HTTP
 * @param hosts    the {@code Host} names answered ({@link AllowedHosts})
 */
public record HttpSettings(String bindHost, int port, BearerToken token, TlsSettings tls, AllowedHosts hosts) {
    public HttpSettings {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(hosts, "hosts");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
    }

    /** Plain HTTP, answering IP addresses, localhost and this machine's names ({@link AllowedHosts#of}). */
    public HttpSettings(String bindHost, int port, BearerToken token) {
        this(bindHost, port, token, null, AllowedHosts.of());
    }

    /** Binds {@code bindHost:port}, with the token of {@value BearerToken#ENV} if set. */
    public static HttpSettings fromEnvironment(String bindHost, int port) {
        return new HttpSettings(bindHost, port, BearerToken.fromEnvironment());
    }

    /** Without a token: every endpoint open. */
    public static HttpSettings open(String bindHost, int port) {
        return new HttpSettings(bindHost, port, null);
    }

    /** These settings with HTTPS. */
    public HttpSettings withTls(TlsSettings tlsSettings) {
        return new HttpSettings(bindHost, port, token, tlsSettings, hosts);
    }

    /** These settings answering {@code names} too. */
    public HttpSettings withAllowedHosts(String... names) {
        return new HttpSettings(bindHost, port, token, tls, hosts.with(names));
    }

    /** {@code https} with TLS, else {@code http}. */
    public String scheme() {
        return tls == null ? "http" : "https";
    }

    /** Whether the server binds to a loopback address (127.0.0.0/8, ::1, localhost): only this host connects. */
    public boolean loopbackOnly() {
        try {
            return InetAddress.getByName(bindHost).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // the server will fail to bind it anyway
        }
    }

    /** What a startup line says about authentication and transport (never the token). */
    public String authDescription() {
        String auth = token == null ? "unauthenticated (" + BearerToken.ENV + " not set)"
                : "bearer token required (" + BearerToken.ENV + ")";
        return auth + (tls == null ? "" : ", HTTPS (" + tls.keystore() + ")");
    }

    @Override
    public String toString() { // never the token
        return "HttpSettings[" + scheme() + "://" + bindHost + ":" + port + ", "
                + (token == null ? "no token" : "token set") + ", hosts " + hosts.describe() + "]";
    }
}
