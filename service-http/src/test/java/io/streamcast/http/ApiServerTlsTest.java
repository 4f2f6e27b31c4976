package io.streamcast.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS on the shared server: a keystore and its password, read at start, and clear errors when they are wrong. */
class ApiServerTlsTest {
    private static final String TOKEN = "tls-test-token-0123";

    @TempDir
    Path dir;

    @Test
    void servesHttpsWithTheKeystoresCertificateAndRefusesPlainHttp() throws Exception {
        Path keystore = TestKeystores.selfSigned(dir, "server", "localhost", "dns:localhost,ip:127.0.0.1");
        TlsSettings tls = TlsSettings.load(keystore, TestKeystores.PASSWORD, null, null);
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, BearerToken.of(TOKEN)).withTls(tls);
        try (ApiServer server = new ApiServer(settings, "tls-http", 2, BearerAuth::probePath)) {
            server.route("/", ex -> Exchanges.send(ex, 200, "text/plain", "secret".getBytes()));
            server.start();
            HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext())
                    .connectTimeout(Duration.ofSeconds(5)).build();
            for (String host : new String[] {"localhost", "127.0.0.1"}) {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                        URI.create("https://" + host + ":" + server.port() + "/data"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(host).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("secret");
            }
            // a client that does not trust the certificate gets no answer, nor does plain HTTP
            HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLException.class);
            assertThat(plainHttpAnswer(server.port())).doesNotContain("secret").doesNotContain(" 200 ");
        }
    }

    @Test
    void aSeparateTruststoreIsWhatCallsToOtherInstancesTrust() throws Exception {
        Path keystore = TestKeystores.selfSigned(dir, "server", "localhost", "dns:localhost,ip:127.0.0.1");
        Path other = TestKeystores.selfSigned(dir, "other", "localhost", "dns:localhost,ip:127.0.0.1");
        Path trustsOther = TestKeystores.certificateOnly(dir, other, "other");
        TlsSettings server = TlsSettings.load(keystore, TestKeystores.PASSWORD, null, null);
        TlsSettings caller = TlsSettings.load(keystore, TestKeystores.PASSWORD, trustsOther, TestKeystores.PASSWORD);
        try (ApiServer api = new ApiServer(HttpSettings.open("127.0.0.1", 0).withTls(server), "tls-http", 2,
                path -> true)) {
            api.route("/", ex -> Exchanges.send(ex, 200, "text/plain", "ok".getBytes()));
            api.start();
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + api.port() + "/")).build();
            assertThat(HttpClient.newBuilder().sslContext(server.clientContext()).build()
                    .send(request, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("ok");
            // trusting only the other certificate, the caller refuses this server's
            assertThatThrownBy(() -> HttpClient.newBuilder().sslContext(caller.clientContext()).build()
                    .send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLException.class);
        }
    }

    @Test
    void aWrongPasswordAMissingFileOrAStoreWithoutAKeyIsRefusedAtStartNamingTheFile() throws Exception {
        Path keystore = TestKeystores.selfSigned(dir, "server", "localhost", "dns:localhost");
        assertThatThrownBy(() -> TlsSettings.load(keystore, "wrong", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(keystore.toString()).hasMessageContaining("wrong password")
                .hasMessageNotContaining(TestKeystores.PASSWORD);
        Path missing = dir.resolve("missing.p12");
        assertThatThrownBy(() -> TlsSettings.load(missing, "x", null, null))
                .hasMessageContaining(missing + " cannot be read");
        Path certOnly = TestKeystores.certificateOnly(dir, keystore, "server");
        assertThatThrownBy(() -> TlsSettings.load(certOnly, TestKeystores.PASSWORD, null, null))
                .hasMessageContaining("holds no private key");
        Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a keystore");
        assertThatThrownBy(() -> TlsSettings.load(garbage, "x", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be opened");
        assertThat(TlsSettings.load(keystore, TestKeystores.PASSWORD, null, null).toString())
                .doesNotContain(TestKeystores.PASSWORD);
    }

    /** What a plain-HTTP request to the port gets back before the connection ends. */
    private static String plainHttpAnswer(int port) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /data HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer tls-test-token-0123\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException reset) {
            return "";
        }
    }
}
