package io.streamcast.options;

import io.streamcast.http.AllowedHosts;
import io.streamcast.http.BearerToken;
import io.streamcast.http.HttpSettings;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --http-bind}, the address an HTTP server listens on, {@code --http-open}, {@code --http-allowed-hosts}
 * and HTTPS ({@link HttpTlsOption}), for streams-app and the trainer ({@code @Mixin}).
 *
 * <p>Closed by default: a server that others can reach (any address but loopback) needs a bearer token
 * ({@code STREAMCAST_HTTP_TOKEN} or {@code STREAMCAST_HTTP_TOKEN_FILE}), or {@code --http-open} saying that it is
 * meant to answer without one; otherwise the service does not start, and says how to give one.
 */
public final class HttpBindOption {
    /** Every interface. */
    static final String DEFAULT = "0.0.0.0";

    @Option(names = "--http-bind", paramLabel = "ADDRESS", defaultValue = DEFAULT,
            description = "Address the HTTP server listens on: 0.0.0.0 = every interface, 127.0.0.1 = this host "
                    + "only (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--http-open",
            description = "Serve the HTTP API without a token on an address others can reach: anyone there reads "
                    + "every series, forecast and metric. Without it and without " + BearerToken.ENV + " (or "
                    + BearerToken.FILE_ENV + "), only a loopback --http-bind starts.")
    boolean open;

    @Option(names = "--http-allowed-hosts", paramLabel = "NAMES",
            description = "Host names, comma-separated, the HTTP server answers to besides IP addresses, localhost "
                    + "and this machine's name (streams-app adds its --advertised-http host); a request naming "
                    + "another host gets 421, which keeps DNS-rebinding pages out. * = any name.")
    String allowedHosts;

    @Mixin
    HttpTlsOption tls;

    /**
     * Where the command's HTTP server listens: {@link #bind()} and {@code port}, with the token of
     * {@code STREAMCAST_HTTP_TOKEN} if set.
     */
    public HttpSettings settings(int port) {
        return settings(port, System.getenv());
    }

    /**
     * @throws IllegalStateException when the server would answer others without a token and {@code --http-open}
     *                               was not given, saying how to give a token or bind to loopback
     */
    HttpSettings settings(int port, Map<String, String> env) {
        HttpSettings settings = new HttpSettings(bind, port, BearerToken.fromEnvironment(env),
                tls == null ? null : tls.settings(env), AllowedHosts.parse(allowedHosts));
        if (settings.token() == null && !open && !settings.loopbackOnly()) {
            throw new IllegalStateException("the HTTP API on " + bind + " would answer anyone who can reach it "
                    + "without a token. Set " + BearerToken.ENV + " to a secret (e.g. `export " + BearerToken.ENV
                    + "=$(openssl rand -hex 32)`) or " + BearerToken.FILE_ENV + " to a file holding it; or bind to "
                    + "this host only with --http-bind 127.0.0.1; or serve it without a token on purpose with "
                    + "--http-open (env " + EnvironmentDefaults.variable("--http-open") + "=true).");
        }
        return settings;
    }

    /** The address: the flag's (or its variable's), else {@value #DEFAULT}. */
    public String bind() {
        return bind;
    }
}
