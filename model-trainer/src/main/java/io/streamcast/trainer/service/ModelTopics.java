package io.streamcast.trainer.service;

import io.streamcast.kafka.client.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The trainer's topics: model-updates and model-archive must be compacted (the latest bundle per key is the
 * state of the world); they are created when missing, and an existing non-compacted one is refused.
 */
public final class ModelTopics {
    /** Room for any bundle this project writes (a 1-layer LSTM-32 at H = 48 is about 30 KB). */
    public static final int MAX_BUNDLE_BYTES = 8 * 1024 * 1024;

    /** How long reading a model topic to its end may take. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private ModelTopics() {}

    /**
     * The latest bundle bytes per key of a model topic (model-updates: by model name; model-archive: by version),
     * read from its beginning to its current end, in publication order.
     */
    static Map<String, byte[]> latestByKey(TrainerConfig config, String topic) {
        return TopicReader.latestByKey(TrainerClients.modelReader(config), topic, READ_TIMEOUT);
    }

    public static void ensure(Admin admin, TrainerConfig config) throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_BUNDLE_BYTES));
        List<NewTopic> create = new ArrayList<>();
        for (String topic : List.of(config.topics().modelUpdates(), config.topics().modelArchive())) {
            if (existing.contains(topic)) {
                requireCompacted(admin, topic);
            } else {
                create.add(new NewTopic(topic, 1, (short) -1).configs(compacted));
            }
        }
        if (!existing.contains(config.topics().modelDecisions())) {
            create.add(new NewTopic(config.topics().modelDecisions(), 1, (short) -1));
        }
        try {
            admin.createTopics(create).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    static void requireCompacted(Admin admin, String topic) throws InterruptedException, ExecutionException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new IllegalStateException("topic " + topic + " exists with cleanup.policy=" + policy
                    + "; the trainer needs it compacted (cleanup.policy=compact), or older bundles would be "
                    + "deleted by retention and newer ones never cleaned. Fix: kafka-configs --alter --entity-type "
                    + "topics --entity-name " + topic + " --add-config cleanup.policy=compact");
        }
    }
}
