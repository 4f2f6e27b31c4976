package io.streamcast.it;

import io.streamcast.kafka.KafkaCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class's real broker (embedded KRaft here; a container where Docker is), started once for the class, and
 * the bundled NAB data the replays read.
 */
public abstract class OnKafkaCluster {
    static final Path DATA = Path.of("..", "data", "nab");
    protected static KafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }
}
