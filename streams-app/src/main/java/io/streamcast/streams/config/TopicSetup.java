package io.streamcast.streams.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates streams-app's topics where missing: observations and forecasts with the given partition count (keys
 * are series ids; forecasts are keyed like their input), the dead-letter and accuracy topics, and the
 * compacted model-updates topic. Existing topics are left as they are.
 */
public final class TopicSetup {
    private TopicSetup() {}

    /** @return the topics created */
    public static List<String> ensure(Admin admin, Topics topics, int partitions, short replication)
            throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> wanted = List.of(
                new NewTopic(topics.observations(), partitions, replication),
                new NewTopic(topics.forecasts(), partitions, replication),
                new NewTopic(topics.deadLetters(), 1, replication),
                new NewTopic(topics.accuracy(), partitions, replication),
                new NewTopic(topics.modelUpdates(), 1, replication).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        List<NewTopic> create = new ArrayList<>();
        for (NewTopic t : wanted) {
            if (!existing.contains(t.name())) {
                create.add(t);
            }
        }
        try {
            admin.createTopics(create).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        return create.stream().map(NewTopic::name).toList();
    }
}
