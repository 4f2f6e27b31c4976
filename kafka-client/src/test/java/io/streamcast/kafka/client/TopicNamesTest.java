package io.streamcast.kafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicNamesTest {
    @Test
    void defaultsAndPrefixedNames() {
        TopicNames d = TopicNames.defaults();
        assertThat(d.observations()).isEqualTo("observations");
        assertThat(d.deadLetters()).isEqualTo("observations-dlq");
        assertThat(d.modelDecisions()).isEqualTo("model-decisions");
        TopicNames p = TopicNames.prefixed("it1");
        assertThat(p.observations()).isEqualTo("it1-observations");
        assertThat(p.accuracy()).isEqualTo("it1-forecast-accuracy");
        assertThat(p.modelArchive()).isEqualTo("it1-model-archive");
    }

    @Test
    void aNameMustBeLegalAndServeOneRoleOnly() {
        assertThatThrownBy(() -> new TopicNames("in", "out", "dlq", "acc", "models", "archive", "models"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the model updates and model decisions topics are both 'models'; each needs its own topic");
        assertThatThrownBy(() -> new TopicNames("in", "out", "dl/q", "acc", "models", "archive", "decisions"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the dead letters topic: ")
                .hasMessageContaining("dl/q");
        assertThatThrownBy(() -> new TopicNames("in", "out", "dlq", "..", "models", "archive", "decisions"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the accuracy topic: ");
    }
}
