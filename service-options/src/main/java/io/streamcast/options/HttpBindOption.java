package io.streamcast.options;

import io.streamcast.http.BearerToken;
import io.streamcast.http.HttpSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.streamcast.http.AllowedHosts;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --http-bind} (env {@code STREAMCAST_HTTP_BIND}), the address an HTTP server listens on,
 * {@code --http-open}, {@code --http-allowed-hosts} and HTTPS ({@link HttpTlsOption}), for streams-app and the
 * trainer ({@code @Mixin}). {@code --http-host} and {@code STREAMCAST_HTTP_HOST}, its former names, still work
 * and are deprecated.
 *
 * <p>Closed by default: a server that others can reach (any address but loopback) needs a bearer token
 * ({@code STREAMCAST_HTTP_TOKEN} or {@code STREAMCAST_HTTP_TOKEN_FILE}), or {@code --http-open} saying that it is
 * meant to answer without one; otherwise the service does not start, and says how to give one.
 */
public final class HttpBindOption {
    /** The bind address's variable. */
    public static final String ENV = "STREAMCAST_HTTP_BIND";
    /** Its deprecated former name. */
    public static final String OLD_ENV = "STREAMCAST_HTTP_HOST";
    static final String DEFAULT = "0.0.0.0";

    @Option(names = {"--http-bind", "--http-host"}, paramLabel = "ADDRESS",
            description = {"Address the HTTP server listens on: 0.0.0.0 = every interface, 127.0.0.1 = this host "
                    + "only (env " + ENV + "; default " + DEFAULT + ").",
                "--http-host and env " + OLD_ENV + " are deprecated names of it."})
    String bind;

    @Option(names = "--http-open", defaultValue = "${env:STREAMCAST_HTTP_OPEN:-false}",
            description = "Serve the HTTP API without a token on an address others can reach: anyone there reads "
                    + "every series, forecast and metric. Without it and without " + BearerToken.ENV + " (or "
                    + BearerToken.FILE_ENV + "), only a loopback --http-bind starts (env STREAMCAST_HTTP_OPEN; "
                    + "default ${DEFAULT-VALUE}).")
    boolean open;

    @Option(names = "--http-allowed-hosts", paramLabel = "NAMES", defaultValue = "${env:" + AllowedHosts.ENV + "}",
            description = "Host names, comma-separated, the HTTP server answers to besides IP addresses, localhost "
                    + "and this machine's name (streams-app adds its --advertised-http host); a request naming "
                    + "another host gets 421, which keeps DNS-rebinding pages out. * = any name (env "
                    + AllowedHosts.ENV + ").")
    String allowedHosts;

    @Mixin
    HttpTlsOption tls;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * Where the command's HTTP server listens: {@link #bind()} and {@code port}, with the token of
     * {@code STREAMCAST_HTTP_TOKEN} if set. A deprecated name, if used, is one line on stderr first.
     */
    public HttpSettings settings(int port) {
        deprecation().ifPresent(note -> System.err.println((command == null ? "" : command.name() + ": ") + note));
        return settings(port, System.getenv());
    }

    /**
     * @throws IllegalStateException when the server would answer others without a token and {@code --http-open}
     *                               was not given, saying how to give a token or bind to loopback
     */
    HttpSettings settings(int port, Map<String, String> env) {
        String address = bind(env);
        HttpSettings settings = new HttpSettings(address, port, BearerToken.fromEnvironment(env),
                tls == null ? null : tls.settings(env), AllowedHosts.parse(allowedHosts));
        if (settings.token() == null && !open && !settings.loopbackOnly()) {
            throw new IllegalStateException("the HTTP API on " + address + " would answer anyone who can reach it "
                    + "without a token. Set " + BearerToken.ENV + " to a secret (e.g. `export " + BearerToken.ENV
                    + "=$(openssl rand -hex 32)`) or " + BearerToken.FILE_ENV + " to a file holding it; or bind to "
                    + "this host only with --http-bind 127.0.0.1; or serve it without a token on purpose with "
                    + "--http-open (env STREAMCAST_HTTP_OPEN=true).");
        }
        return settings;
    }


    /** The address: the flag's, else {@value #ENV}'s, else {@value #OLD_ENV}'s, else {@value #DEFAULT}. */
    public String bind() {
        return bind(System.getenv());
    }

    String bind(Map<String, String> env) {
        if (bind != null) {
            return bind;
        }
        return Optional.ofNullable(env.get(ENV)).filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(env.get(OLD_ENV)).filter(s -> !s.isBlank()))
                .orElse(DEFAULT);
    }

    /** A line to print when a deprecated name was used, else empty. */
    public Optional<String> deprecation() {
        List<String> args = command == null || command.commandLine().getParseResult() == null ? List.of()
                : command.commandLine().getParseResult().originalArgs();
        return deprecation(args, System.getenv());
    }

    Optional<String> deprecation(List<String> args, Map<String, String> env) {
        if (args.stream().anyMatch(a -> a.equals("--http-host") || a.startsWith("--http-host="))) {
            return Optional.of("--http-host is deprecated: use --http-bind");
        }
        if (bind == null && env.get(OLD_ENV) != null && env.get(ENV) == null) {
            return Optional.of(OLD_ENV + " is deprecated: use " + ENV);
        }
        return Optional.empty();
    }
}
