package io.streamcast.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerTokenTest {
    private static final String SECRET = "s3cr3t-T0ken_+/~.==";

    @Test
    void matchesOnlyBearerAndTheExactToken() {
        BearerToken token = BearerToken.of(SECRET);
        assertThat(token.matches("Bearer " + SECRET)).isTrue();
        assertThat(token.matches("bearer " + SECRET)).isTrue();
        assertThat(token.matches("Bearer  " + SECRET + " ")).isTrue();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches("Bearer")).isFalse();
        assertThat(token.matches("Bearer ")).isFalse();
        assertThat(token.matches(SECRET)).isFalse();
        assertThat(token.matches("Basic " + SECRET)).isFalse();
        assertThat(token.matches("Bearer " + SECRET + "x")).isFalse();
        assertThat(token.matches("Bearer " + SECRET.substring(1))).isFalse();
        assertThat(token.matches("Bearer " + SECRET.toUpperCase())).isFalse();
        assertThat(token.authorization()).isEqualTo("Bearer " + SECRET);
    }

    @Test
    void neverPrintsTheToken() {
        BearerToken token = BearerToken.of(SECRET);
        assertThat(token.toString()).doesNotContain(SECRET);
        HttpSettings settings = new HttpSettings("0.0.0.0", 8080, token);
        assertThat(settings.toString()).doesNotContain(SECRET).contains("0.0.0.0:8080", "token set");
        assertThat(settings.authDescription()).doesNotContain(SECRET).contains("bearer token required");
        assertThat(HttpSettings.open("127.0.0.1", 0).authDescription()).contains("unauthenticated");
    }

    @Test
    void fromTheEnvironmentOnlyWhenSetAndNotEmpty() {
        assertThat(BearerToken.fromEnvironment(Map.of())).isNull();
        assertThat(BearerToken.fromEnvironment(Map.of(BearerToken.ENV, ""))).isNull();
        assertThat(BearerToken.fromEnvironment(Map.of(BearerToken.ENV, SECRET)).matches("Bearer " + SECRET)).isTrue();
    }

    @Test
    void refusesTokensAHeaderCannotCarryWithoutSayingThem() {
        for (String bad : new String[] {"has space", "naïve", "a\"b", "x\r\ny", "=abc", "tab\t"}) {
            assertThatThrownBy(() -> BearerToken.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(BearerToken.ENV).hasMessageNotContaining(bad);
        }
    }
}
