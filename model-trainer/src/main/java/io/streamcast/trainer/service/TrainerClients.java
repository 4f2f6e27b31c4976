package io.streamcast.trainer.service;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The properties of every Kafka client of the trainer and of {@code model}: bootstrap servers and the
 * pass-through properties (see {@code KafkaConnection}), then the settings the service depends on, which the
 * pass-through properties cannot override.
 */
public final class TrainerClients {
    private TrainerClients() {}

    /** A producer of bundles: idempotent, acks=all, requests big enough for a bundle ({@code model rollback}). */
    public static Properties producer(TrainerConfig config) {
        Properties p = config.kafka().idempotentProducer();
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(ModelTopics.MAX_BUNDLE_BYTES));
        return p;
    }

    /**
     * The leading trainer's producer of bundles and decisions: {@link #producer} with the model's transactional
     * id, the same for every trainer of the model, so a new leader fences the one before ({@link ModelPublisher}).
     */
    public static Properties publisher(TrainerConfig config) {
        Properties p = producer(config);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TrainerLeadership.electionGroupId(config));
        return p;
    }

    private static final AtomicInteger HISTORY_CONSUMERS = new AtomicInteger();

    /**
     * The history consumer: read_committed, in no consumer group and committing nothing. The trainer assigns
     * itself every partition and reads from the beginning at each start, so its in-memory history is rebuilt
     * from the topic; committed offsets would make a restarted trainer see only what arrives after.
     */
    public static Properties historyConsumer(TrainerConfig config) {
        Properties p = config.kafka().readCommittedConsumer();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // Without a group Kafka would name it "consumer-null-N"; its lag metrics are told apart by client_id (the
        // trainer dashboard's input lag), so say whose it is. Numbered: client ids in one JVM should differ.
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "streamcast-trainer-history-" + config.modelName() + "-"
                + HISTORY_CONSUMERS.incrementAndGet());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    /**
     * The election's consumer ({@link TrainerLeadership}): in the group of the model's trainers, committing
     * nothing, with the cooperative sticky assignor — a trainer joining or leaving does not take the partition
     * from the leader (an eager assignor revokes everything on every rebalance, and the leader would step down
     * and up each time).
     */
    public static Properties electionConsumer(TrainerConfig config) {
        Properties p = config.kafka().consumer();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, TrainerLeadership.electionGroupId(config));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return p;
    }

    /** A reader of model-updates and model-archive: read_committed, fetches big enough for a bundle. */
    public static Properties modelReader(TrainerConfig config) {
        Properties p = config.kafka().readCommittedConsumer();
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(ModelTopics.MAX_BUNDLE_BYTES));
        return p;
    }

    /** The admin client that checks or creates the model topics. */
    public static Properties admin(TrainerConfig config) {
        return config.kafka().admin();
    }
}
