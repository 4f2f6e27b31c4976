package io.streamcast.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The few lines every endpoint of streams-app and model-trainer shares (the JDK HttpServer API, {@link ApiServer}). */
public final class Exchanges {
    private static final byte[] ONLY_GET = "{\"error\":\"only GET\"}".getBytes(StandardCharsets.UTF_8);

    private Exchanges() {}

    /**
     * Sends the status and the body and closes the exchange.
     *
     * @param contentType the Content-Type, or null to keep one already set
     */
    public static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Whether the request is a GET; any other method is answered 405 with a JSON error here. */
    public static boolean allowGet(HttpExchange ex) throws IOException {
        if ("GET".equals(ex.getRequestMethod())) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", "GET");
        send(ex, 405, "application/json", ONLY_GET);
        return false;
    }
}
