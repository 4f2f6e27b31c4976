package io.streamcast.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers 421 (Misdirected Request) with a JSON error to a request whose {@code Host} names a host the server
 * does not answer to ({@link AllowedHosts}), before the token check and any handler: a DNS-rebinding page gets
 * nothing, with or without a token.
 */
public final class HostCheck extends Filter {
    private static final byte[] REFUSED = ("{\"error\":\"this server does not answer to that Host name; add it to "
            + "--http-allowed-hosts (env " + AllowedHosts.ENV + ")\"}").getBytes(StandardCharsets.UTF_8);

    private final AllowedHosts hosts;

    public HostCheck(AllowedHosts hosts) {
        this.hosts = hosts;
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        if (hosts.allows(ex.getRequestHeaders().getFirst("Host"))) {
            chain.doFilter(ex);
        } else {
            Exchanges.send(ex, 421, "application/json", REFUSED);
        }
    }

    @Override
    public String description() {
        return "Host check";
    }
}
