package io.streamcast.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.http.ApiServer;
import io.streamcast.http.BearerToken;
import io.streamcast.http.HttpSettings;
import io.streamcast.streams.query.SeriesQueries.Answer;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forwarding to a fake owner: status and body relayed, token and marker sent, oversized answers refused. */
class ForwarderTest {
    private static final String TOKEN = "shared-token-42";
    private ApiServer owner;
    private HostInfo ownerHost;
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicReference<String> forwardedMark = new AtomicReference<>();
    private final AtomicReference<String> askedPath = new AtomicReference<>();

    @BeforeEach
    void startOwner() throws Exception {
        // created through ApiServer like every server in these tests, so the JDK server limits are set first
        owner = new ApiServer(HttpSettings.open("127.0.0.1", 0), "fake-owner", 4, path -> true);
        owner.route("/", ex -> {
            authorization.set(ex.getRequestHeaders().getFirst("Authorization"));
            forwardedMark.set(ex.getRequestHeaders().getFirst(Forwarder.FORWARDED_HEADER));
            askedPath.set(ex.getRequestURI().getPath());
            String path = ex.getRequestURI().getPath();
            int size = path.startsWith("/bytes/") ? Integer.parseInt(path.split("/")[2]) : 0;
            boolean chunked = path.endsWith("/chunked");
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) 'x');
            ex.sendResponseHeaders(size == 0 ? 404 : 200, chunked ? 0 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                for (int off = 0; off < body.length; off += 64 * 1024) { // in pieces, as a real answer arrives
                    out.write(body, off, Math.min(64 * 1024, body.length - off));
                }
            } catch (java.io.IOException e) {
                // the forwarder stopped reading: expected past the cap
            }
        });
        owner.start();
        ownerHost = new HostInfo("127.0.0.1", owner.port());
    }

    @AfterEach
    void stopOwner() {
        owner.close();
    }

    @Test
    void relaysTheOwnersStatusAndBodyAndSendsTheTokenAndTheMark() {
        Answer answer = new Forwarder(BearerToken.of(TOKEN)).forward(ownerHost, "/bytes/10");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.US_ASCII)).isEqualTo("xxxxxxxxxx");
        assertThat(authorization.get()).isEqualTo("Bearer " + TOKEN);
        assertThat(forwardedMark.get()).isEqualTo("true");
        assertThat(askedPath.get()).isEqualTo("/bytes/10");
        assertThat(new Forwarder(BearerToken.of(TOKEN)).forward(ownerHost, "/unknown").status()).isEqualTo(404);
    }

    @Test
    void withoutATokenSendsNoAuthorization() {
        assertThat(new Forwarder(null).forward(ownerHost, "/bytes/1").status()).isEqualTo(200);
        assertThat(authorization.get()).isNull();
    }

    @Test
    void anAnswerOfExactlyTheCapPasses() {
        Answer answer = new Forwarder(null).forward(ownerHost, "/bytes/" + Forwarder.MAX_ANSWER_BYTES + "/chunked");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).hasSize(Forwarder.MAX_ANSWER_BYTES);
    }

    @Test
    void answersOverTheCapAre502WhetherTheirLengthIsDeclaredOrNot() {
        for (String path : new String[] {"/bytes/" + (Forwarder.MAX_ANSWER_BYTES + 1),
            "/bytes/" + (Forwarder.MAX_ANSWER_BYTES + 1) + "/chunked", "/bytes/" + (3 * Forwarder.MAX_ANSWER_BYTES)}) {
            Answer answer = new Forwarder(null).forward(ownerHost, path);
            assertThat(answer.status()).as(path).isEqualTo(502);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).as(path)
                    .startsWith("{\"error\":").contains("exceeded 4 MiB");
        }
    }

    @Test
    void theBackgroundAskFailsTooPastTheCap() {
        assertThatThrownBy(() -> new Forwarder(null).ask(ownerHost, "/bytes/" + (Forwarder.MAX_ANSWER_BYTES + 1)
                + "/chunked", null).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(Forwarder.isTooLarge(e)).isTrue());
    }

    @Test
    void anOwnerThatIsNotThereIs502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Answer answer = new Forwarder(null).forward(new HostInfo("127.0.0.1", closedPort), "/forecast/x");
        assertThat(answer.status()).isEqualTo(502);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("did not answer");
    }
}
