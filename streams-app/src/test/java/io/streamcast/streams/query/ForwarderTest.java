package io.streamcast.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.http.ApiServer;
import io.streamcast.http.BearerToken;
import io.streamcast.http.HttpSettings;
import io.streamcast.http.TestKeystores;
import io.streamcast.http.TlsSettings;
import io.streamcast.streams.query.SeriesQueries.Answer;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwarding to a fake owner: status and body relayed, token and marker sent, oversized answers refused, HTTPS
 * with a checked certificate when the instances serve it.
 */
class ForwarderTest {
    private static final String TOKEN = "shared-token-42";
    private ApiServer owner;
    private HostInfo ownerHost;
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicReference<String> forwardedMark = new AtomicReference<>();
    private final AtomicReference<String> askedPath = new AtomicReference<>();

    @BeforeEach
    void startOwner() throws Exception {
        owner = owner(HttpSettings.open("127.0.0.1", 0));
        ownerHost = new HostInfo("127.0.0.1", owner.port());
    }

    private ApiServer owner(HttpSettings settings) throws Exception {
        ApiServer owner = new ApiServer(settings, "fake-owner", 4, path -> true);
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
        return owner;
    }

    @AfterEach
    void stopOwner() {
        owner.close();
    }

    @Test
    void relaysTheOwnersStatusAndBodyAndSendsTheTokenAndTheMark() {
        Answer answer = new Forwarder(BearerToken.of(TOKEN), null).forward(ownerHost, "/bytes/10");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.US_ASCII)).isEqualTo("xxxxxxxxxx");
        assertThat(authorization.get()).isEqualTo("Bearer " + TOKEN);
        assertThat(forwardedMark.get()).isEqualTo("true");
        assertThat(askedPath.get()).isEqualTo("/bytes/10");
        assertThat(new Forwarder(BearerToken.of(TOKEN), null).forward(ownerHost, "/unknown").status()).isEqualTo(404);
    }

    @Test
    void withTlsTheTokenTravelsOverHttpsToAnOwnerWhoseCertificateNamesItsHost(@TempDir Path dir) throws Exception {
        Path keystore = TestKeystores.selfSigned(dir, "instance", "localhost", "dns:localhost");
        TlsSettings tls = TlsSettings.load(keystore, TestKeystores.PASSWORD, null, null);
        try (ApiServer https = owner(new HttpSettings("127.0.0.1", 0, BearerToken.of(TOKEN)).withTls(tls))) {
            HostInfo named = new HostInfo("localhost", https.port());
            Answer answer = new Forwarder(BearerToken.of(TOKEN), tls).forward(named, "/bytes/3");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body(), StandardCharsets.US_ASCII)).isEqualTo("xxx");
            assertThat(authorization.get()).isEqualTo("Bearer " + TOKEN);
            // the certificate names localhost, not 127.0.0.1: the hostname check refuses the address
            assertThat(new Forwarder(BearerToken.of(TOKEN), tls).forward(new HostInfo("127.0.0.1", https.port()),
                    "/bytes/3").status()).isEqualTo(502);
            // an instance without TLS settings speaks plain HTTP, which the HTTPS port does not answer
            authorization.set(null);
            assertThat(new Forwarder(BearerToken.of(TOKEN), null).forward(named, "/bytes/3").status())
                    .isEqualTo(502);
            assertThat(authorization.get()).isNull();
        }
    }

    @Test
    void withoutATokenSendsNoAuthorization() {
        assertThat(new Forwarder(null, null).forward(ownerHost, "/bytes/1").status()).isEqualTo(200);
        assertThat(authorization.get()).isNull();
    }

    @Test
    void anAnswerOfExactlyTheCapPasses() {
        Answer answer = new Forwarder(null, null).forward(ownerHost, "/bytes/" + Forwarder.MAX_ANSWER_BYTES + "/chunked");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).hasSize(Forwarder.MAX_ANSWER_BYTES);
    }

    @Test
    void answersOverTheCapAre502WhetherTheirLengthIsDeclaredOrNot() {
        for (String path : new String[] {"/bytes/" + (Forwarder.MAX_ANSWER_BYTES + 1),
            "/bytes/" + (Forwarder.MAX_ANSWER_BYTES + 1) + "/chunked", "/bytes/" + (3 * Forwarder.MAX_ANSWER_BYTES)}) {
            Answer answer = new Forwarder(null, null).forward(ownerHost, path);
            assertThat(answer.status()).as(path).isEqualTo(502);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).as(path)
                    .startsWith("{\"error\":").contains("exceeded 4 MiB");
        }
    }

    @Test
    void theBackgroundAskFailsTooPastTheCap() {
        assertThatThrownBy(() -> new Forwarder(null, null).ask(ownerHost, "/bytes/" + (Forwarder.MAX_ANSWER_BYTES + 1)
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
        Answer answer = new Forwarder(null, null).forward(new HostInfo("127.0.0.1", closedPort), "/forecast/x");
        assertThat(answer.status()).isEqualTo(502);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("did not answer");
    }
}
