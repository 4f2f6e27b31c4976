package io.streamcast.cli.services;

import io.streamcast.kafka.EmbeddedKafkaBroker;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamcast broker}: just the embedded KRaft broker, for local development. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a single-node Kafka broker (KRaft, in this JVM) until Ctrl-C.",
                "Prints bootstrap=HOST:PORT when ready. Data lives in a temporary directory deleted on exit."})
public final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0", description = "Client port (default: a free port).")
    int port;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, Map.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("bootstrap=" + broker.bootstrapServers());
        System.out.println("broker: " + broker.describe() + "; Ctrl-C to stop");
        stopped.await();
        return 0;
    }
}
