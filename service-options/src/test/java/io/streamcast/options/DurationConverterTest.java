package io.streamcast.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {
    @Test
    void shortAndIsoFormsBothWork() {
        assertThat(DurationConverter.parse("100ms")).isEqualTo(Duration.ofMillis(100));
        assertThat(DurationConverter.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationConverter.parse("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationConverter.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationConverter.parse("PT0.1S")).isEqualTo(Duration.ofMillis(100));
        assertThat(DurationConverter.parse("p7d")).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> DurationConverter.parse("soon")).hasMessageContaining("90s")
                .hasMessageContaining("PT0.1S");
        assertThatThrownBy(() -> DurationConverter.parse("1.5s")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
