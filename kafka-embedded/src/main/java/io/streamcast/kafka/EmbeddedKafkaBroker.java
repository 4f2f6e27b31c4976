package io.streamcast.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), in this JVM, from the Maven
 * Central jars of the clients' exact version: loopback only, free ports, a temporary log directory, clean
 * shutdown.
 *
 * <p>Why this and not Kafka's {@code KafkaClusterTestKit}: the test kit pulls JUnit 5.13 and enables unstable
 * API versions; formatting storage with {@code StorageTool} and starting {@code KafkaRaftServer} is the same
 * server a production {@code kafka-server-start.sh} runs, ready in about 4 s here. The broker's fatal-error
 * paths call {@code Exit.halt}; while an embedded broker runs, halt and exit are turned into exceptions so a
 * broker failure cannot kill the JVM that hosts it (tests, the demo).
 */
public final class EmbeddedKafkaBroker implements KafkaCluster {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final int TRANSACTION_VERSION = 1;

    private final KafkaRaftServer server;
    private final Path logDir;
    private final boolean deleteOnClose;
    private final String bootstrap;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path logDir, boolean deleteOnClose, String bootstrap) {
        this.server = server;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.bootstrap = bootstrap;
    }

    /** A broker on free loopback ports with a temporary log directory, deleted on close. */
    public static EmbeddedKafkaBroker start() {
        return start(0, Map.of());
    }

    /**
     * @param port      the client port, or 0 for a free one
     * @param overrides broker properties applied last
     */
    public static EmbeddedKafkaBroker start(int port, Map<String, String> overrides) {
        long started = System.nanoTime();
        try {
            Path logDir = Files.createTempDirectory("streamcast-kafka-");
            int brokerPort = port > 0 ? port : freePort();
            // the OS may hand out a port it just handed out and saw closed: the broker refuses two listeners on one
            int controllerPort = freePort();
            while (controllerPort == brokerPort) {
                controllerPort = freePort();
            }
            Properties props = brokerProperties(logDir, brokerPort, controllerPort);
            overrides.forEach(props::setProperty);
            format(props, logDir);
            Exit.setHaltProcedure((status, message) -> {
                throw new IllegalStateException("embedded Kafka broker halted (" + status + "): " + message);
            });
            Exit.setExitProcedure((status, message) -> {
                throw new IllegalStateException("embedded Kafka broker exited (" + status + "): " + message);
            });
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + brokerPort;
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, logDir, true, bootstrap);
            broker.awaitReady();
            log.info("Embedded Kafka {} ready at {} in {} ms", AppInfoParser.getVersion(), bootstrap,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
        }
    }

    static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // One node: every internal topic needs replication factor 1, or consumer groups and EOS hang.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "3");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        // No time-based retention: replayed data carries its recorded event time (e.g. 2014) as the record
        // timestamp, and the default 7 days would delete it at the next retention check (every 5 minutes) while
        // it is being consumed; consumers then jump to the log end and silently skip records.
        p.setProperty("log.retention.ms", "-1");
        return p;
    }

    private static void format(Properties props, Path logDir) throws IOException {
        Path config = logDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "streamcast embedded broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            // Transactions v2 (KIP-890, default from 4.0) made exactly-once producers here loop on
            // OUT_OF_ORDER_SEQUENCE_NUMBER after CONCURRENT_TRANSACTIONS, and a restarted streams-app stall; the
            // broker is formatted with transaction protocol version 1, which clients 4.3 use just as well.
            status = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString(), "--feature", "transaction.version=" + TRANSACTION_VERSION}, print);
        }
        if (status != 0) {
            throw new IllegalStateException("formatting the KRaft log directory failed: " + output);
        }
    }

    private void awaitReady() {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        close();
                        throw new IllegalStateException("embedded Kafka broker not ready after " + READY_TIMEOUT, e);
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrap;
    }

    @Override
    public String describe() {
        return "embedded KRaft broker " + AppInfoParser.getVersion() + " at " + bootstrap;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            try (Stream<Path> files = Files.walk(logDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                log.warn("Could not delete {}: {}", logDir, e.toString());
            }
        }
    }
}
