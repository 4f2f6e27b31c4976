package io.streamcast.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.testing.TestModels;
import org.junit.jupiter.api.Test;

class BundleSignerTest {
    private static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(6).window(12).season(4)
            .maxGapFill(3).build();

    @Test
    void aSignatureSurvivesTheWireAndOnlyTheSameKeyVerifiesIt() throws Exception {
        BundleSigner signer = new BundleSigner("secret");
        ModelBundle signed = signer.sign(TestModels.bundle(SETTINGS, "v1", 1));
        assertThat(signed.signature()).hasSize(32);
        ModelBundle back = ModelBundle.fromBytes(signed.toBytes());
        signer.verify(back);
        assertThatThrownBy(() -> new BundleSigner("other").verify(back))
                .isInstanceOf(BundleFormatException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> signer.verify(TestModels.bundle(SETTINGS, "v1", 1)))
                .isInstanceOf(BundleFormatException.class)
                .satisfies(e -> assertThat(((BundleFormatException) e).reason()).isEqualTo("unsigned"));
        assertThatThrownBy(() -> new BundleSigner("")).isInstanceOf(IllegalArgumentException.class);
    }
}
