package io.streamcast.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamcast.cli.stack.LocalStack;
import io.streamcast.cli.stack.StackOptions;
import io.streamcast.http.HttpSettings;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.ServiceMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalStack} with its own embedded broker, as the demo runs it: everything it started answers, and is
 * stopped on close; a part that fails to start stops what started before it.
 */
class LocalStackIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Remembers what the stack said was ready, to look at it after a failed start. */
    private static class Seen implements LocalStack.Listener {
        String bootstrap;
        final List<LocalStack.Instance> instances = new ArrayList<>();
        final List<String> trainerEvents = new ArrayList<>();

        @Override
        public void brokerReady(LocalStack stack) {
            bootstrap = stack.bootstrapServers();
        }

        @Override
        public void streamsAppReady(LocalStack.Instance instance) {
            instances.add(instance);
        }

        @Override
        public void trainerEvent(String line) {
            trainerEvents.add(line);
        }
    }

    private static int get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Whether anything accepts connections at HOST:PORT. */
    private static boolean listening(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void everyPartStartedAnswersAndIsStoppedOnClose() throws Exception {
        Seen seen = new Seen();
        LocalStack stack = LocalStack.start(StackOptions.embedded().withTopics(TopicNames.defaults(), 2)
                .withStreamsApp(c -> c.withApplicationId("stack-it"), HttpSettings.open("127.0.0.1", 0))
                .withTrainer(c -> c, HttpSettings.open("127.0.0.1", 0))
                .withMeters(ServiceMetrics.prometheusRegistry()).withListener(seen));
        LocalStack.Instance instance;
        String trainerHttp;
        try {
            assertThat(seen.bootstrap).isEqualTo(stack.bootstrapServers());
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("observations", "forecasts",
                        "observations-dlq", "forecast-accuracy", "model-updates", "model-archive", "model-decisions");
            }
            assertThat(seen.instances).isEqualTo(stack.instances()).hasSize(1);
            instance = stack.instances().get(0);
            assertThat(instance.app().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(get(instance.url("/health"))).isEqualTo(200);
            assertThat(get(instance.url("/metrics"))).isEqualTo(200);
            assertThat(stack.trainer().healthy()).isTrue();
            // the stack's only trainer is elected leader of its model and reads the (absent) champion
            await().atMost(Duration.ofSeconds(30)).until(() -> stack.trainer().leader());
            assertThat(seen.trainerEvents).contains("trainer: leads model streamcast-lstm; champion none (baseline "
                    + "serves)");
            trainerHttp = "127.0.0.1:" + stack.trainerHttp().port();
            assertThat(get("http://" + trainerHttp + "/health")).isEqualTo(200);
        } finally {
            stack.close();
        }
        assertThat(instance.app().state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        assertThat(stack.trainer().healthy()).isFalse();
        assertThat(listening("127.0.0.1:" + instance.http().port())).as("streams-app's API").isFalse();
        assertThat(listening(trainerHttp)).as("the trainer's endpoints").isFalse();
        assertThat(listening(seen.bootstrap)).as("the broker").isFalse();
        assertThat(Files.exists(instance.stateDir())).as("the state directory").isFalse();
    }

    @Test
    void aTrainerThatFailsToStartStopsStreamsAppAndTheBrokerStartedBeforeIt() {
        Seen seen = new Seen() {
            @Override
            public void topicsReady(LocalStack stack) throws Exception {
                // the trainer refuses a model archive that is not compacted
                try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers",
                        stack.bootstrapServers()))) {
                    admin.createTopics(Set.of(new NewTopic("model-archive", 1, (short) 1))).all().get();
                }
            }
        };
        assertThatThrownBy(() -> LocalStack.start(StackOptions.embedded()
                .withStreamsApp(c -> c.withApplicationId("stack-it-failed"), HttpSettings.open("127.0.0.1", 0))
                .withTrainer(c -> c, null).withListener(seen)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("model-archive")
                .hasMessageContaining("cleanup.policy=compact");
        assertThat(seen.instances).hasSize(1);
        LocalStack.Instance instance = seen.instances.get(0);
        assertThat(instance.app().state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        assertThat(listening("127.0.0.1:" + instance.http().port())).as("streams-app's API").isFalse();
        assertThat(listening(seen.bootstrap)).as("the broker").isFalse();
        assertThat(Files.exists(instance.stateDir())).as("the state directory").isFalse();
    }
}
