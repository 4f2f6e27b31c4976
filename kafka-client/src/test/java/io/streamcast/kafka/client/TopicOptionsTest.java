package io.streamcast.kafka.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TopicOptionsTest {
    @Command(name = "service")
    static final class Service implements Runnable {
        @Mixin
        TopicOptions topics;

        @Override
        public void run() {
        }
    }

    @Test
    void theArgumentsOfSomeNamesParseBackToThoseNames() {
        TopicNames names = TopicNames.prefixed("scale");
        Service service = new Service();
        new CommandLine(service).parseArgs(TopicOptions.arguments(names).toArray(String[]::new));
        assertThat(service.topics.names()).isEqualTo(names);
    }
}
