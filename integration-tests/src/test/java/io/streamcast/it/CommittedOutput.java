package io.streamcast.it;

import static org.awaitility.Awaitility.await;

import io.streamcast.kafka.client.KafkaConnection;
import io.streamcast.kafka.client.TopicReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * "Nothing more will arrive" as a condition rather than a pause: once a Kafka Streams application under
 * exactly-once has committed its input to the end, every output of that input is committed too, and reading an
 * output topic to its last stable offset sees all of it, duplicates included.
 */
final class CommittedOutput {
    private CommittedOutput() {}

    /** Waits until {@code applicationId}'s committed offsets reach the end of every partition of {@code input}. */
    static void awaitInputCommitted(String bootstrap, String applicationId, String input, Duration atMost) {
        try (Admin admin = Admin.create(KafkaConnection.plaintext(bootstrap).admin())) {
            await().atMost(atMost).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(input)).allTopicNames().get().get(input).partitions()
                        .forEach(p -> latest.put(new TopicPartition(input, p.partition()), OffsetSpec.latest()));
                return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(e ->
                        e.getValue().offset() == 0 || committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue().offset());
            });
        }
    }

    /** Every committed record of {@code topic}, read from its beginning to its last stable offset. */
    static List<ConsumerRecord<byte[], byte[]>> readToEnd(String bootstrap, String topic) {
        return TopicReader.readToEnd(KafkaConnection.plaintext(bootstrap).readCommittedConsumer(), topic,
                Duration.ofSeconds(60));
    }
}
