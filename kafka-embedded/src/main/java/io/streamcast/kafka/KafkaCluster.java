package io.streamcast.kafka;

/**
 * A Kafka cluster that tests and the demo reach through its bootstrap address only. Two implementations: a
 * real in-JVM KRaft broker ({@link EmbeddedKafkaBroker}, the default and the only one on machines without a
 * Docker engine) and a Testcontainers Kafka container ({@link ContainerKafkaCluster}).
 */
public interface KafkaCluster extends AutoCloseable {
    /** System property choosing the implementation: {@code embedded}, {@code testcontainers} or {@code auto}. */
    String SELECTOR = "kafka.cluster";

    String bootstrapServers();

    /** A short description for logs, e.g. "embedded KRaft broker 4.3.1 at 127.0.0.1:41234". */
    String describe();

    @Override
    void close();

    /**
     * Starts the cluster chosen by {@code -Dkafka.cluster}: {@code testcontainers} forces a container,
     * {@code embedded} the in-JVM broker; {@code auto} (default) uses a container only where Testcontainers
     * finds a Docker engine.
     */
    static KafkaCluster start() {
        String choice = System.getProperty(SELECTOR, "auto");
        return switch (choice) {
            case "embedded" -> EmbeddedKafkaBroker.start();
            case "testcontainers" -> ContainerKafkaCluster.start();
            case "auto" -> ContainerKafkaCluster.dockerAvailable() ? ContainerKafkaCluster.start()
                    : EmbeddedKafkaBroker.start();
            default -> throw new IllegalArgumentException("-D" + SELECTOR + " must be embedded, testcontainers or auto: "
                    + choice);
        };
    }
}
