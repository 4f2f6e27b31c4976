package io.streamcast.streams.config;

import io.streamcast.kafka.client.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates streams-app's topics where missing: observations and forecasts with the given partition count (keys
 * are series ids; forecasts are keyed like their input), the dead-letter and accuracy topics, and the
 * compacted model-updates topic. Existing topics are left as they are.
 */
public final class TopicSetup {
    private TopicSetup() {}

    /** @return the topics created */
    public static List<String> ensure(Admin admin, TopicNames topics, int partitions, short replication)
            throws InterruptedException, ExecutionException {
        return ensure(admin, List.of(ForecastGroupConfig.defaults().withTopics(topics)), partitions, replication);
    }

    /**
     * The topics of every group: its named inputs (a pattern's are the users'), forecasts and accuracy with
     * {@code partitions} partitions, its dead letters with one, and the shared compacted model-updates topic.
     * Outputs created for inputs that already exist take the inputs' largest {@code message.timestamp.after.max.ms}:
     * an input accepted further ahead than its outputs would have outputs the broker refuses.
     *
     * @return the topics created
     */
    public static List<String> ensure(Admin admin, List<ForecastGroupConfig> groups, int partitions, short replication)
            throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> wanted = new ArrayList<>();
        for (ForecastGroupConfig group : groups) {
            TopicNames topics = group.topics();
            group.inputTopics().forEach(input -> wanted.add(new NewTopic(input, partitions, replication)));
            // outputs carry their input's timestamps: they accept as far ahead as the existing inputs do
            long inputsAfterMax = largest(admin, existingInputs(group, existing),
                    TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
            Map<String, String> outputConfigs = inputsAfterMax < 0 ? Map.of()
                    : Map.of(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.toString(inputsAfterMax));
            wanted.add(new NewTopic(topics.forecasts(), partitions, replication).configs(outputConfigs));
            wanted.add(new NewTopic(topics.deadLetters(), 1, replication).configs(outputConfigs));
            wanted.add(new NewTopic(topics.accuracy(), partitions, replication).configs(outputConfigs));
        }
        wanted.add(new NewTopic(groups.get(0).topics().modelUpdates(), 1, replication).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        List<NewTopic> create = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (NewTopic t : wanted) {
            if (!existing.contains(t.name()) && named.add(t.name())) {
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
        List<String> created = create.stream().map(NewTopic::name).toList();
        awaitPartitionsServed(admin, created, Duration.ofSeconds(60));
        return created;
    }

    /**
     * Waits until every partition of {@code topics} is served by its leader: a ListOffsets request, which the
     * leader answers only once it has applied the partition, succeeds for each.
     *
     * <p>Why: createTopics returns when the controller has the topic, and a producer learns the leader from
     * metadata moments before that leader can take writes. An idempotent producer that sends two batches to a
     * partition in that window can have the first refused (retriably) and the second appended, after which the
     * first is refused as out of sequence until its delivery timeout expires it: records lost, on Kafka up to 4.4
     * (KAFKA-15591, fixed broker-side in 4.5). The bench lost input this way on a loaded machine.
     */
    public static void awaitPartitionsServed(Admin admin, List<String> topics, Duration timeout)
            throws InterruptedException, ExecutionException {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, TopicDescription> described = null;
        while (true) {
            try {
                if (described == null) {
                    described = admin.describeTopics(topics).allTopicNames().get();
                }
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                described.values().forEach(d -> d.partitions().forEach(p ->
                        partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Checks, before Kafka Streams starts, what it would otherwise fail on later and less clearly, for each
     * group: its input, model and output topics exist, its inputs have one partition count, and an existing state
     * changelog of the group (from an earlier run of this application id) has as many partitions as each of them.
     * A changelog partition holds the state of the keys of the input partition with the same number; after an
     * input was repartitioned, keys would meet state that is not theirs. A group reading a pattern needs no input to
     * exist yet (the topics matching it later are read then); those that exist are checked like named ones. The
     * cluster's topics are listed once for all groups.
     *
     * @throws IllegalStateException with what is wrong and what to do
     */
    public static void checkBeforeStart(Admin admin, String applicationId, List<ForecastGroupConfig> groups)
            throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        for (ForecastGroupConfig group : groups) {
            checkBeforeStart(admin, applicationId, group, existing);
        }
    }

    private static void checkBeforeStart(Admin admin, String applicationId, ForecastGroupConfig group,
                                         Set<String> existing) throws InterruptedException, ExecutionException {
        TopicNames topics = group.topics();
        String changelog = changelog(applicationId, group);
        // the outputs too: a sink to a missing topic (with broker auto-creation off) blocks each send for
        // max.block.ms and then fails the stream thread, again and again
        List<String> required = new ArrayList<>(group.inputTopics());
        required.addAll(List.of(topics.modelUpdates(), topics.forecasts(), topics.deadLetters(), topics.accuracy()));
        for (String topic : required) {
            if (!existing.contains(topic)) {
                throw new IllegalStateException("topic " + topic + " does not exist" + (group.isDefaultGroup() ? ""
                        : " (group " + group.group() + ")") + "; create it or start with --create-topics");
            }
        }
        List<String> inputs = existingInputs(group, existing); // every named one exists by now
        boolean stateExists = existing.contains(changelog);
        if (inputs.isEmpty() || (inputs.size() == 1 && !stateExists)) {
            return; // nothing to compare: first start of this application id (or of this group in it)
        }
        List<String> described = new ArrayList<>(inputs);
        if (stateExists) {
            described.add(changelog);
        }
        Map<String, TopicDescription> d = admin.describeTopics(described).allTopicNames().get();
        requireEqualPartitionCounts(group, inputs, d);
        if (!stateExists) {
            return;
        }
        int state = d.get(changelog).partitions().size();
        for (String input : inputs) {
            int partitions = d.get(input).partitions().size();
            if (partitions != state) {
                throw new IllegalStateException(input + " has " + partitions + " partitions but the state "
                        + "changelog " + changelog + " has " + state + ": the state was built for " + state
                        + " input partitions. Recreate " + input + " with " + state + " partitions, "
                        + "or start over with a new --application-id (or reset this one with "
                        + "kafka-streams-application-reset and delete its changelog).");
            }
        }
    }

    /**
     * A group's inputs feed one processor and one state store partition by partition number: with different
     * partition counts a key (hashed per topic) lands in different partitions of different inputs, so one series
     * gets two states, and the next start then finds a changelog that matches only some inputs. Refused at the first
     * start already, naming every input's count.
     */
    private static void requireEqualPartitionCounts(ForecastGroupConfig group, List<String> inputs,
                                                    Map<String, TopicDescription> described) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        inputs.forEach(input -> counts.put(input, described.get(input).partitions().size()));
        if (counts.values().stream().distinct().count() > 1) {
            StringBuilder each = new StringBuilder();
            counts.forEach((topic, n) -> each.append(each.length() == 0 ? "" : ", ").append(topic).append(": ")
                    .append(n));
            throw new IllegalStateException("the input topics of " + (group.isDefaultGroup() ? "the default group"
                    : "group " + group.group()) + " have different partition counts (" + each + "); a series would "
                    + "get one state per count. Give every input of a group the same number of partitions, or put "
                    + "them in different groups.");
        }
    }

    /** The group's input topics that exist: its named ones, or those its pattern matches, sorted. */
    private static List<String> existingInputs(ForecastGroupConfig group, Set<String> existing) {
        return group.inputPattern() == null ? group.inputTopics().stream().filter(existing::contains).toList()
                : existing.stream().filter(group::reads).sorted().toList();
    }

    /** The changelog topic Kafka Streams keeps a group's state in, under this application id. */
    public static String changelog(String applicationId, ForecastGroupConfig group) {
        return applicationId + "-" + GroupNodes.of(group.group()).store()
                + "-changelog";
    }

    /**
     * The largest record the broker accepts on each of {@code outputs}: their effective {@code max.message.bytes}
     * (the topic's own, or the broker's default). Topics that do not exist yet are left out.
     */
    public static int smallestMaxMessageBytes(Admin admin, List<String> outputs)
            throws InterruptedException, ExecutionException {
        return (int) Math.min(Integer.MAX_VALUE, smallest(admin, outputs, TopicConfig.MAX_MESSAGE_BYTES_CONFIG));
    }

    /**
     * How far ahead of the broker's clock a record's timestamp may be on each of {@code outputs}: their effective
     * {@code message.timestamp.after.max.ms} (Kafka 4's default is an hour). {@code Long.MAX_VALUE} when none
     * exists yet.
     */
    public static long smallestTimestampAfterMax(Admin admin, List<String> outputs)
            throws InterruptedException, ExecutionException {
        return smallest(admin, outputs, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
    }

    /** The largest value of a numeric topic config over {@code topics} (which exist), or -1 for none. */
    private static long largest(Admin admin, List<String> topics, String configName)
            throws InterruptedException, ExecutionException {
        long largest = -1;
        for (long value : values(admin, topics, configName)) {
            largest = Math.max(largest, value);
        }
        return largest;
    }

    private static long smallest(Admin admin, List<String> topics, String configName)
            throws InterruptedException, ExecutionException {
        long smallest = Long.MAX_VALUE;
        for (long value : values(admin, topics, configName)) {
            smallest = Math.min(smallest, value);
        }
        return smallest;
    }

    /** The effective values of a numeric config of those of {@code topics} that exist. */
    private static List<Long> values(Admin admin, List<String> topics, String configName)
            throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<ConfigResource> resources = topics.stream().distinct()
                .filter(existing::contains)
                .map(t -> new ConfigResource(
                        ConfigResource.Type.TOPIC, t))
                .toList();
        List<Long> values = new ArrayList<>();
        if (resources.isEmpty()) {
            return values;
        }
        for (var config : admin.describeConfigs(resources).all().get().values()) {
            var entry = config.get(configName);
            if (entry != null && entry.value() != null) {
                values.add(Long.parseLong(entry.value()));
            }
        }
        return values;
    }
}
