package io.streamcast.trainer.service;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which one of several trainer instances of a model trains and publishes: the one Kafka's group coordinator
 * assigns partition 0 of the decisions topic (a one-partition topic) in the group {@link #electionGroupId}. The others
 * stand by, reading the history so that one of them takes over at once when the leader leaves the group (closed:
 * at once; crashed: after the group's session timeout). Nothing is read from the topic: the assignment is the
 * vote, and the partition is paused.
 *
 * <p>Leadership decides who tries to publish; the publisher's transactional id ({@link ModelPublisher}) fences a
 * leader that lost its place without knowing it (a long pause), so two trainers never both publish.
 */
final class TrainerLeadership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrainerLeadership.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** Told on the election thread; a call may block (it delays the next poll, not the election). */
    interface Listener {
        void elected();

        /** @param why e.g. "it lost its place in the group", "it is closing" */
        void deposed(String why);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    /** The partition whose holder leads. */
    private final TopicPartition vote;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean running = true;
    private boolean started; // guarded by this
    private boolean closed; // guarded by this
    private volatile boolean leader;
    private volatile CountDownLatch elected = new CountDownLatch(1);

    /**
     * @param consumerProperties the election's consumer ({@link TrainerClients#electionConsumer}: the group of the
     *                           model's trainers, see {@link #electionGroupId})
     * @param topic              a one-partition topic of the deployment (the decisions topic)
     */
    TrainerLeadership(Properties consumerProperties, String topic, Listener listener) {
        this.consumer = new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.topic = topic;
        this.vote = new TopicPartition(topic, 0);
        this.listener = listener;
        this.thread = new Thread(this::run, "trainer-election");
    }

    /**
     * The Kafka consumer group (and transactional id) the trainers of one model elect their leader in, named after
     * the model-updates topic and the model name; not a forecast group.
     */
    static String electionGroupId(TrainerConfig config) {
        return "streamcast-trainer-" + config.topics().modelUpdates() + "-" + config.modelName();
    }

    synchronized void start() {
        started = true;
        thread.start();
    }

    boolean isLeader() {
        return leader;
    }

    /** Whether this trainer takes part in the election (false once it failed or was closed). */
    boolean alive() {
        return thread.isAlive();
    }

    /** Waits until this instance is elected, at most {@code timeout}; whether it is. */
    boolean awaitLeadership(Duration timeout) throws InterruptedException {
        return elected.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && leader;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (partitions.contains(vote)) {
                        depose("its partition was revoked");
                    }
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    if (partitions.contains(vote)) {
                        depose("it lost its place in the group");
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    consumer.pause(partitions); // the assignment is the vote; nothing to read
                    if (partitions.contains(vote) && !leader) {
                        // ready first (publisher fenced in, champion read back), then known as the leader; if
                        // that fails the election ends and the consumer leaves the group, so another trainer
                        // can lead (this one reports itself unhealthy)
                        listener.elected();
                        leader = true;
                        log.info("This trainer leads: it trains and publishes");
                        elected.countDown();
                    }
                }
            });
            while (running) {
                consumer.poll(POLL);
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("Trainer election stopped unexpectedly", e);
            }
        } catch (RuntimeException e) {
            log.error("Trainer election failed; this trainer stops leading", e);
        } finally {
            depose("it is closing");
            consumer.close(); // leaves the group: another trainer takes over at once
        }
    }

    private void depose(String why) {
        if (leader) {
            leader = false;
            elected = new CountDownLatch(1);
            log.info("This trainer no longer leads: {}", why);
            listener.deposed(why);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        if (!started) {
            consumer.close(); // never joined: nothing to leave
            return;
        }
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
