package io.streamcast.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.kafka.KafkaCluster;
import io.streamcast.kafka.client.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stack's order and cleanup without a broker: a stand-in cluster that only records being closed, no topics
 * created and no streams-app (LocalStackIntegrationTest starts the real parts).
 */
class LocalStackTest {
    /** A cluster nobody listens at; records its close. */
    private static final class StandInCluster implements KafkaCluster {
        int closed;

        @Override
        public String bootstrapServers() {
            return "127.0.0.1:1";
        }

        @Override
        public String describe() {
            return "stand-in";
        }

        @Override
        public void close() {
            closed++;
        }
    }

    private final StandInCluster cluster = new StandInCluster();
    private final List<String> told = new ArrayList<>();
    private final LocalStack.Listener listener = new LocalStack.Listener() {
        @Override
        public void brokerReady(LocalStack stack) {
            told.add("broker " + stack.bootstrapServers());
        }

        @Override
        public void topicsReady(LocalStack stack) {
            told.add("topics");
        }
    };

    private StackOptions brokerOnly() {
        return StackOptions.embedded().withBroker(() -> cluster, null).withTopics(TopicNames.defaults(), 0)
                .withListener(listener);
    }

    @Test
    void theBrokerTheStackStartedIsClosedWithTheStackOnce() throws Exception {
        LocalStack stack = LocalStack.start(brokerOnly());
        assertThat(stack.bootstrapServers()).isEqualTo("127.0.0.1:1");
        assertThat(stack.instances()).isEmpty();
        assertThat(stack.trainer()).isNull();
        assertThat(told).containsExactly("broker 127.0.0.1:1", "topics");
        assertThat(cluster.closed).isZero();
        stack.close();
        stack.close();
        assertThat(cluster.closed).isEqualTo(1);
    }

    @Test
    void aTrainerThatCannotStartClosesTheBrokerAndItsFailureIsThrown() {
        StackOptions options = brokerOnly().withTrainer(c -> c.withSchedule(0, Duration.ofMinutes(1), 1), null);
        assertThatThrownBy(() -> LocalStack.start(options)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retrainEveryPoints");
        assertThat(told).containsExactly("broker 127.0.0.1:1", "topics");
        assertThat(cluster.closed).isEqualTo(1);
    }

    @Test
    void aListenerThatFailsStopsTheStartAndClosesTheBroker() {
        StackOptions options = brokerOnly().withListener(new LocalStack.Listener() {
            @Override
            public void brokerReady(LocalStack stack) {
                throw new IllegalStateException("not this broker");
            }
        });
        assertThatThrownBy(() -> LocalStack.start(options)).hasMessage("not this broker");
        assertThat(cluster.closed).isEqualTo(1);
    }

    @Test
    void aBrokerThatFailsToStartLeavesNothingToCloseAndNothingIsToldOrStarted() {
        StackOptions options = brokerOnly().withBroker(() -> {
            throw new IllegalStateException("no broker today");
        }, null);
        assertThatThrownBy(() -> LocalStack.start(options)).hasMessage("no broker today");
        assertThat(told).isEmpty();
    }

    @Test
    void anExistingClusterIsLeftRunningAndAStackWithoutStreamsAppStartsNoInstance() throws Exception {
        try (LocalStack stack = LocalStack.start(StackOptions.on("127.0.0.1:1").withTopics(TopicNames.defaults(), 0))) {
            assertThat(stack.bootstrapServers()).isEqualTo("127.0.0.1:1");
            assertThat(stack.streamsAppConfig()).isNull();
            assertThatThrownBy(stack::startInstance).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no streams-app");
        }
    }

    @Test
    void optionsNameOneBrokerOrOneExistingCluster() {
        assertThatThrownBy(() -> StackOptions.embedded().withBroker(() -> cluster, "127.0.0.1:1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StackOptions.embedded().withBroker(null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
