package io.streamcast.kafka;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka in a Testcontainers container (official {@code apache/kafka} image, KRaft, the clients' version).
 * Used where a Docker engine exists; this project's build machines have none, so there it stays unexercised
 * but compiled, and {@link KafkaCluster#start()} picks the embedded broker.
 */
public final class ContainerKafkaCluster implements KafkaCluster {
    private final KafkaContainer container;

    private ContainerKafkaCluster(KafkaContainer container) {
        this.container = container;
    }

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static ContainerKafkaCluster start() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse("apache/kafka:" + AppInfoParser.getVersion()))
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                // replayed event times (years ago) would fall to the default 7-day retention (EmbeddedKafkaBroker)
                .withEnv("KAFKA_LOG_RETENTION_MS", "-1");
        container.start();
        return new ContainerKafkaCluster(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String describe() {
        return "Kafka container " + container.getDockerImageName() + " at " + bootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
