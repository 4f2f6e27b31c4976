package io.streamcast.http;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty itself gives, before any handler runs (a malformed or ambiguous request, headers past the
 * limit, a handler that failed): {@code {"error":"..."}} with the {@link SecurityHeaders}, like every other
 * answer of the API, whatever the client accepts; never a stack trace or the request's URL.
 */
final class JsonErrors extends ErrorHandler {
    JsonErrors() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
        setDefaultResponseMimeType("application/json");
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
            String contentType, List<Charset> charsets, int code, String message, Throwable cause)
            throws IOException {
        SecurityHeaders.HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
        return super.generateAcceptableResponse(request, response, callback, "application/json",
                List.of(StandardCharsets.UTF_8), code, message, cause);
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        writer.write(body(code, message));
    }

    /** A request Jetty could not parse: no {@link Request} exists yet. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        SecurityHeaders.HEADERS.forEach(fields::put);
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"error":"<status text>: <reason>"}}; the reason (Jetty's, ASCII) kept to printable characters. */
    static String body(int status, String reason) {
        String text = HttpStatus.getMessage(status);
        if (reason != null && !reason.isBlank() && !reason.equals(text)) {
            text = text + ": " + reason;
        }
        StringBuilder safe = new StringBuilder(text.length());
        text.chars().forEach(c -> safe.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '?'));
        return "{\"error\":\"" + safe + "\"}";
    }
}
