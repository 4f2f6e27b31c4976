package io.streamcast.streams.http;

import com.sun.net.httpserver.HttpExchange;
import io.streamcast.http.Exchanges;
import io.streamcast.streams.query.SeriesQueries.Answer;
import java.io.IOException;

/** What the API's routes share: the answer before the server serves, and how an answer is sent. */
final class JsonAnswers {
    private JsonAnswers() {}

    /** 503 for an API path before the server serves ({@link StreamsAppHttpServer#serve}). */
    static Answer starting() {
        return Answer.of(503, "error", "streams-app is starting");
    }

    static void respond(HttpExchange ex, Answer answer) throws IOException {
        Exchanges.send(ex, answer.status(), "application/json", answer.body());
    }
}
