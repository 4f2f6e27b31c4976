package io.streamcast.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Requires {@code Authorization: Bearer <token>} on every request whose path is not public; answers others 401
 * with {@code WWW-Authenticate: Bearer} and a JSON error, before any handler runs.
 *
 * <p>The path tested is the one the server routes by (the decoded path of the request URI), so a path counted
 * public always reaches the handler of a public context.
 */
public final class BearerAuth extends Filter {
    private static final byte[] MISSING = json("this API needs a bearer token: send Authorization: Bearer <token> "
            + "(the value of " + BearerToken.ENV + ")");
    private static final byte[] WRONG = json("wrong bearer token");

    private final BearerToken token;
    private final Predicate<String> publicPath;

    /**
     * @param publicPath which request paths need no token (e.g. {@link #probePath})
     */
    public BearerAuth(BearerToken token, Predicate<String> publicPath) {
        this.token = Objects.requireNonNull(token, "token");
        this.publicPath = publicPath;
    }

    /**
     * The probes' paths, {@code /health/live} and {@code /health/ready}: an orchestrator's probes carry no token,
     * so these answer without one, and with a status only. The detailed {@code /health} (exception text, thread
     * names, model versions) needs the token like the data.
     */
    public static boolean probePath(String path) {
        return path.equals("/health/live") || path.equals("/health/ready");
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        if (publicPath.test(ex.getRequestURI().getPath())) {
            chain.doFilter(ex);
            return;
        }
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        if (token.matches(authorization)) {
            chain.doFilter(ex);
            return;
        }
        boolean missing = authorization == null;
        ex.getResponseHeaders().set("WWW-Authenticate",
                missing ? "Bearer realm=\"streamcast\"" : "Bearer realm=\"streamcast\", error=\"invalid_token\"");
        Exchanges.send(ex, 401, "application/json", missing ? MISSING : WRONG);
    }

    @Override
    public String description() {
        return "bearer token";
    }

    private static byte[] json(String error) {
        return ("{\"error\":\"" + error + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
