package io.streamcast.streams.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.streamcast.http.Exchanges;
import io.streamcast.streams.query.SeriesQueries.Answer;
import java.io.IOException;

/** The JSON answers the API's routes share: a record written by one mapper, and how an answer is sent. */
final class JsonAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonAnswers() {}

    /** {@code body} (a record of the API's documents) as JSON with {@code status}. */
    static Answer json(int status, Object body) {
        try {
            return new Answer(status, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // records of strings, numbers, booleans and lists always serialize
        }
    }

    /** 503 for an API path before the server serves ({@link StreamsAppHttpServer#serve}). */
    static Answer starting() {
        return Answer.of(503, "error", "streams-app is starting");
    }

    static void respond(HttpExchange ex, Answer answer) throws IOException {
        Exchanges.send(ex, answer.status(), "application/json", answer.body());
    }
}
