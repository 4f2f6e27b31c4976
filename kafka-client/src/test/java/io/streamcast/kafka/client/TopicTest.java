package io.streamcast.kafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicTest {
    @Test
    void namesAreCheckedByTheBrokersRule() {
        assertThat(new Topic<>("sensors.raw-1_a", Serdes.String(), Serdes.ByteArray()).name())
                .isEqualTo("sensors.raw-1_a");
        assertThatThrownBy(() -> new Topic<>("with space", Serdes.String(), Serdes.String()))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("with space");
        assertThatThrownBy(() -> new Topic<>("", Serdes.String(), Serdes.String()))
                .isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> new Topic<>("x".repeat(250), Serdes.String(), Serdes.String()))
                .isInstanceOf(InvalidTopicException.class);
    }
}
