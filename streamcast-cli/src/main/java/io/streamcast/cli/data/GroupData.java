package io.streamcast.cli.data;

import io.streamcast.options.deployment.Deployment;
import io.streamcast.options.deployment.ForecastGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * Which group of a deployment each {@code --data} file of {@code evaluate --config} and {@code demo --deployment}
 * belongs to. A file stands for one of the deployment's input topics: {@code --data TOPIC=FILE.csv} gives it to
 * the group that reads TOPIC; a plain {@code FILE.csv} is allowed when the deployment has one group.
 */
public final class GroupData {
    private GroupData() {}

    /** A {@code --data} value: the file, and the topic it stands for, or null. */
    public record Entry(String topic, Path file) {
        /**
         * {@code TOPIC=FILE} when the part before the first '=' is a legal topic name and the whole value is not
         * an existing file (a file name may hold an '=').
         */
        public static Entry parse(String value) {
            int eq = value.indexOf('=');
            if (eq > 0 && !Files.exists(Path.of(value))) {
                String topic = value.substring(0, eq);
                try {
                    Topic.validate(topic);
                    return new Entry(topic, Path.of(value.substring(eq + 1)));
                } catch (InvalidTopicException e) {
                    // not a topic: a file name with an '='
                }
            }
            return new Entry(null, Path.of(value));
        }
    }

    /**
     * The files of each group, in the deployment's order; groups without files are left out.
     *
     * @throws IllegalArgumentException naming the entry no group takes
     */
    public static Map<ForecastGroup, List<Path>> assign(Deployment deployment, List<Entry> entries) {
        Map<ForecastGroup, List<Path>> files = new LinkedHashMap<>();
        assignEntries(deployment, entries).forEach((g, es) -> files.put(g, es.stream().map(Entry::file).toList()));
        return files;
    }

    /**
     * The entries of each group, in the deployment's order; groups without files are left out.
     *
     * @throws IllegalArgumentException naming the entry no group takes
     */
    public static Map<ForecastGroup, List<Entry>> assignEntries(Deployment deployment, List<Entry> entries) {
        Map<ForecastGroup, List<Entry>> files = new LinkedHashMap<>();
        deployment.groups().forEach(g -> files.put(g, new ArrayList<>()));
        for (Entry e : entries) {
            ForecastGroup group;
            if (e.topic() != null) {
                group = deployment.groupReading(e.topic()).orElseThrow(() -> new IllegalArgumentException(
                        "--data " + e.topic() + "=" + e.file() + ": no group reads topic '" + e.topic() + "' ("
                                + inputs(deployment) + ")"));
            } else if (deployment.groups().size() == 1) {
                group = deployment.groups().get(0);
            } else {
                throw new IllegalArgumentException("--data " + e.file() + ": say which input topic the file stands "
                        + "for, as --data TOPIC=" + e.file() + " (" + inputs(deployment) + ")");
            }
            files.get(group).add(e);
        }
        files.values().removeIf(List::isEmpty);
        return files;
    }

    private static String inputs(Deployment deployment) {
        return deployment.groups().stream().map(g -> g.name() + " reads " + (g.inputPattern() != null
                ? "topics matching " + g.inputPattern() : String.join(", ", g.inputTopics())))
                .collect(Collectors.joining("; "));
    }
}
