package io.streamcast.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelTrustOptionTest {
    @Test
    void allowUnsignedAndTheKeyFromTheEnvironmentMakeTheTrust() {
        ModelTrustOption option = new ModelTrustOption();
        new CommandLine(option).parseArgs("--allow-unsigned");
        assertThat(option.trust(Map.of()).mode()).isEqualTo("unsigned-allowed");
        ModelTrustOption none = new ModelTrustOption();
        new CommandLine(none).parseArgs();
        assertThat(none.trust(Map.of()).mode()).isEqualTo("none");
        assertThat(none.trust(Map.of("STREAMCAST_MODEL_KEY", "k")).mode()).isEqualTo("signed");
    }
}
