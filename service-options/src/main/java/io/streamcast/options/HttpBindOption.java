package io.streamcast.options;

import io.streamcast.http.HttpSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --http-bind} (env {@code STREAMCAST_HTTP_BIND}), the address an HTTP server listens on, for
 * streams-app and the trainer ({@code @Mixin}). {@code --http-host} and {@code STREAMCAST_HTTP_HOST}, its
 * former names, still work and are deprecated.
 */
public final class HttpBindOption {
    static final String ENV = "STREAMCAST_HTTP_BIND";
    static final String OLD_ENV = "STREAMCAST_HTTP_HOST";
    static final String DEFAULT = "0.0.0.0";

    @Option(names = {"--http-bind", "--http-host"}, paramLabel = "ADDRESS",
            description = {"Address the HTTP server listens on: 0.0.0.0 = every interface, 127.0.0.1 = this host "
                    + "only (env " + ENV + "; default " + DEFAULT + ").",
                "--http-host and env " + OLD_ENV + " are deprecated names of it."})
    String bind;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * Where the command's HTTP server listens: {@link #bind()} and {@code port}, with the token of
     * {@code STREAMCAST_HTTP_TOKEN} if set. A deprecated name, if used, is one line on stderr first.
     */
    public HttpSettings settings(int port) {
        deprecation().ifPresent(note -> System.err.println((command == null ? "" : command.name() + ": ") + note));
        return HttpSettings.fromEnvironment(bind(), port);
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
