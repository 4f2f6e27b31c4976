package io.streamcast.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.http.BearerToken;
import io.streamcast.http.HttpSettings;
import io.streamcast.http.TestKeystores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --http-bind}, {@code --http-open}, HTTPS, and the token from the environment. */
class HttpBindOptionTest {
    /** Parsed without the process environment. */
    private static ServiceCommand parse(String... args) {
        return parse(Map.of(), args);
    }

    private static ServiceCommand parse(Map<String, String> env, String... args) {
        ServiceCommand command = new ServiceCommand();
        new CommandLine(command).setDefaultValueProvider(new EnvironmentDefaults(env::get)).parseArgs(args);
        return command;
    }

    @Test
    void theAddressIsTheFlagsElseItsVariableElseEveryInterface() {
        Map<String, String> env = Map.of("STREAMCAST_HTTP_BIND", "192.168.1.1");
        assertThat(parse(env, "--http-bind", "127.0.0.1").httpBind.bind()).isEqualTo("127.0.0.1");
        assertThat(parse(env).httpBind.bind()).isEqualTo("192.168.1.1");
        assertThat(parse().httpBind.bind()).isEqualTo("0.0.0.0");
        assertThat(parse(Map.of("STREAMCAST_HTTP_BIND", "")).httpBind.bind()).isEqualTo("0.0.0.0");
    }

    @Test
    void theFormerNameIsGone() {
        assertThatThrownBy(() -> parse("--http-host", "10.0.0.5"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
        assertThat(parse(Map.of("STREAMCAST_HTTP_HOST", "10.0.0.5")).httpBind.bind()).isEqualTo("0.0.0.0");
    }

    @Test
    void closedByDefaultAnAddressOthersCanReachNeedsATokenOrAnExplicitOpen() {
        Map<String, String> noToken = Map.of();
        assertThatThrownBy(() -> parse().httpBind.settings(8080, noToken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0.0.0.0 would answer anyone")
                .hasMessageContaining("STREAMCAST_HTTP_TOKEN").hasMessageContaining("STREAMCAST_HTTP_TOKEN_FILE")
                .hasMessageContaining("--http-bind 127.0.0.1").hasMessageContaining("--http-open");
        assertThatThrownBy(() -> parse("--http-bind", "10.1.2.3").httpBind.settings(8080, noToken))
                .hasMessageContaining("10.1.2.3");

        HttpSettings withToken = parse().httpBind.settings(8080, Map.of(BearerToken.ENV, "abc123"));
        assertThat(withToken.token().matches("Bearer abc123")).isTrue();
        assertThat(parse("--http-open").httpBind.settings(8080, noToken).token()).isNull();
        for (String loopback : new String[] {"127.0.0.1", "127.0.0.2", "::1", "localhost"}) {
            assertThat(parse("--http-bind", loopback).httpBind.settings(8080, noToken).token()).as(loopback).isNull();
        }
    }

    @Test
    void theTokenMayComeFromAFile(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("token"), "s3cret-from-file\n");
        HttpSettings settings = parse().httpBind.settings(8080, Map.of(BearerToken.FILE_ENV, secret.toString()));
        assertThat(settings.token().matches("Bearer s3cret-from-file")).isTrue();
        assertThat(parse().httpBind.settings(8080, Map.of(BearerToken.ENV, "from-env", BearerToken.FILE_ENV,
                secret.toString())).token().matches("Bearer from-env")).as("the variable wins").isTrue();
        assertThatThrownBy(() -> parse().httpBind.settings(8080, Map.of(BearerToken.FILE_ENV,
                dir.resolve("missing").toString()))).hasMessageContaining("cannot be read");
        Path binary = Files.write(dir.resolve("binary"), new byte[] {(byte) 0xff, 0, 'x'});
        assertThatThrownBy(() -> parse().httpBind.settings(8080, Map.of(BearerToken.FILE_ENV, binary.toString())))
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void openFollowsItsVariable() {
        assertThat(parse(Map.of("STREAMCAST_HTTP_OPEN", "true")).httpBind.settings(8080, Map.of()).token()).isNull();
        assertThatThrownBy(() -> parse(Map.of("STREAMCAST_HTTP_OPEN", "false")).httpBind.settings(8080, Map.of()))
                .hasMessageContaining("--http-open (env STREAMCAST_HTTP_OPEN=true)");
    }

    @Test
    void theSettingsAreTheAddressAndThePort() {
        assertThat(parse("--http-bind", "127.0.0.1").httpBind.settings(8099))
                .satisfies(s -> assertThat(s.bindHost()).isEqualTo("127.0.0.1"))
                .satisfies(s -> assertThat(s.port()).isEqualTo(8099));
    }

    @Test
    void httpsFromTheKeystoreFlagWithItsPasswordFromTheEnvironmentOrAFile(@TempDir Path dir) throws Exception {
        Path keystore = TestKeystores.selfSigned(dir, "svc", "localhost", "dns:localhost");
        String[] flag = {"--http-bind", "127.0.0.1", "--http-tls-keystore", keystore.toString()};
        HttpSettings https = parse(flag).httpBind.settings(8080,
                Map.of("STREAMCAST_HTTP_TLS_KEYSTORE_PASSWORD", TestKeystores.PASSWORD));
        assertThat(https.scheme()).isEqualTo("https");
        assertThat(https.authDescription()).contains("HTTPS").doesNotContain(TestKeystores.PASSWORD);
        Path passwordFile = Files.writeString(dir.resolve("password"), TestKeystores.PASSWORD + "\n");
        assertThat(parse(flag).httpBind.settings(8080, Map.of("STREAMCAST_HTTP_TLS_KEYSTORE_PASSWORD_FILE",
                passwordFile.toString())).tls()).isNotNull();
        assertThat(parse("--http-bind", "127.0.0.1").httpBind.settings(8080, Map.of()).scheme()).isEqualTo("http");

        assertThatThrownBy(() -> parse(flag).httpBind.settings(8080, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STREAMCAST_HTTP_TLS_KEYSTORE_PASSWORD");
        assertThatThrownBy(() -> parse(flag).httpBind.settings(8080,
                Map.of("STREAMCAST_HTTP_TLS_KEYSTORE_PASSWORD", "wrong"))).hasMessageContaining("wrong password");
        assertThatThrownBy(() -> parse("--http-bind", "127.0.0.1", "--http-tls-truststore", keystore.toString())
                .httpBind.settings(8080, Map.of())).hasMessageContaining("needs --http-tls-keystore");
        String help = new CommandLine(new ServiceCommand()).getUsageMessage();
        assertThat(help).contains("--http-tls-keystore=FILE", "--http-tls-truststore=FILE",
                "STREAMCAST_HTTP_TLS_KEYSTORE_PASSWORD", "--http-allowed-hosts=NAMES");
    }

    @Test
    void allowedHostsFromTheFlag() {
        HttpSettings settings = parse("--http-bind", "127.0.0.1", "--http-allowed-hosts", "a.example,b.example")
                .httpBind.settings(8080, Map.of());
        assertThat(settings.hosts().allows("a.example:8080")).isTrue();
        assertThat(settings.hosts().allows("b.example")).isTrue();
        assertThat(settings.hosts().allows("c.example")).isFalse();
        assertThat(parse("--http-bind", "127.0.0.1").httpBind.settings(8080, Map.of()).hosts().allows("c.example"))
                .isFalse();
        assertThat(parse("--http-bind", "127.0.0.1", "--http-allowed-hosts", "*").httpBind.settings(8080, Map.of())
                .hosts().allows("c.example")).isTrue();
    }
}
