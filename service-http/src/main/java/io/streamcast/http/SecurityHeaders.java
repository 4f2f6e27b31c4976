package io.streamcast.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers every answer carries, before any handler runs (a handler may set its own after, e.g. the page's files
 * their {@code Cache-Control}): no sniffing of content types, no framing (clickjacking), no referrer, a content
 * security policy that lets the page load only its own files, and {@code Cache-Control: no-store} so that series
 * data, forecasts and metrics are not kept by browsers or proxies. Also runs before the token check, so 401
 * answers carry them too.
 */
public final class SecurityHeaders extends Filter {
    /**
     * The page's own scripts and styles only; inline styles allowed because the chart library sizes its elements
     * with them; no frames, plugins, forms or base URI.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** The headers and their values, in the order they are set. */
    static final Map<String, String> HEADERS = headers();

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        h.put("Cache-Control", "no-store");
        return Collections.unmodifiableMap(h);
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        Headers h = ex.getResponseHeaders();
        HEADERS.forEach(h::set);
        chain.doFilter(ex);
    }

    @Override
    public String description() {
        return "security headers";
    }
}
