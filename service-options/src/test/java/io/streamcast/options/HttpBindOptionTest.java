package io.streamcast.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --http-bind}, its deprecated alias {@code --http-host}, and the environment fallbacks. */
class HttpBindOptionTest {
    private static ServiceCommand parse(String... args) {
        ServiceCommand command = new ServiceCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void theFlagUnderEitherName() {
        HttpBindOption bind = parse("--http-bind", "127.0.0.1").httpBind;
        assertThat(bind.bind(Map.of())).isEqualTo("127.0.0.1");
        assertThat(bind.deprecation(List.of("--http-bind", "127.0.0.1"), Map.of())).isEmpty();

        HttpBindOption old = parse("--http-host", "10.0.0.5").httpBind;
        assertThat(old.bind(Map.of(HttpBindOption.ENV, "192.168.1.1"))).isEqualTo("10.0.0.5");
        assertThat(old.deprecation(List.of("--http-host", "10.0.0.5"), Map.of())).hasValueSatisfying(
                note -> assertThat(note).contains("--http-bind"));
        assertThat(parse("--http-host=::1").httpBind.bind(Map.of())).isEqualTo("::1");
    }

    @Test
    void withoutTheFlagTheNewVariableThenTheOldOneThenEveryInterface() {
        HttpBindOption none = parse().httpBind;
        assertThat(none.bind(Map.of())).isEqualTo("0.0.0.0");
        assertThat(none.bind(Map.of(HttpBindOption.ENV, "127.0.0.1", HttpBindOption.OLD_ENV, "10.0.0.5")))
                .isEqualTo("127.0.0.1");
        assertThat(none.bind(Map.of(HttpBindOption.OLD_ENV, "10.0.0.5"))).isEqualTo("10.0.0.5");
        assertThat(none.bind(Map.of(HttpBindOption.ENV, ""))).isEqualTo("0.0.0.0");
        assertThat(none.deprecation(List.of(), Map.of(HttpBindOption.OLD_ENV, "10.0.0.5")))
                .hasValueSatisfying(note -> assertThat(note).contains(HttpBindOption.ENV));
        assertThat(none.deprecation(List.of(), Map.of(HttpBindOption.ENV, "127.0.0.1"))).isEmpty();
    }

    @Test
    void helpNamesBothAndTheVariable() {
        String help = new CommandLine(new ServiceCommand()).getUsageMessage();
        assertThat(help).contains("--http-bind, --http-host=ADDRESS", "STREAMCAST_HTTP_BIND", "STREAMCAST_HTTP_HOST");
    }

    @Test
    void theSettingsAreTheAddressAndThePort() {
        assertThat(parse("--http-bind", "127.0.0.1").httpBind.settings(8099))
                .satisfies(s -> assertThat(s.bindHost()).isEqualTo("127.0.0.1"))
                .satisfies(s -> assertThat(s.port()).isEqualTo(8099));
    }
}
