package io.streamcast.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.testing.TestModels;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTrustTest {
    private static final ModelBundle BUNDLE = TestModels.bundle(ForecastSettings.defaults(), "v1", 1);

    @Test
    void theModeFollowsTheKeyAndTheFlag() {
        assertThat(ModelTrust.from(Map.of(), false).mode()).isEqualTo("none");
        assertThat(ModelTrust.from(Map.of(ModelTrust.KEY_ENV, ""), false).mode()).isEqualTo("none");
        assertThat(ModelTrust.from(Map.of(), true).mode()).isEqualTo("unsigned-allowed");
        assertThat(ModelTrust.from(Map.of(ModelTrust.KEY_ENV, "k"), false).mode()).isEqualTo("signed");
        assertThatThrownBy(() -> ModelTrust.from(Map.of(ModelTrust.KEY_ENV, "k"), true))
                .hasMessageContaining("--allow-unsigned").hasMessageContaining(ModelTrust.KEY_ENV);
    }

    @Test
    void noneRefusesEverythingUnsignedAllowedTakesAnythingSignedOnlyItsKey() throws Exception {
        assertThatThrownBy(() -> ModelTrust.none().check(BUNDLE)).isInstanceOf(BundleFormatException.class)
                .extracting(e -> ((BundleFormatException) e).reason()).isEqualTo("untrusted");
        ModelTrust.unsignedAllowed().check(BUNDLE);
        ModelTrust k = ModelTrust.signed("k");
        k.check(k.sign(BUNDLE));
        assertThatThrownBy(() -> k.check(BUNDLE)).extracting(e -> ((BundleFormatException) e).reason())
                .isEqualTo("unsigned");
        assertThatThrownBy(() -> k.check(ModelTrust.signed("other").sign(BUNDLE)))
                .extracting(e -> ((BundleFormatException) e).reason()).isEqualTo("signature");
        assertThat(ModelTrust.unsignedAllowed().sign(BUNDLE).signature()).isEmpty();
    }

    @Test
    void theKeyNeverShows() {
        assertThat(ModelTrust.signed("s3cret").toString()).doesNotContain("s3cret").contains("signed");
    }
}
