package io.streamcast.options.deployment;

import io.streamcast.options.DurationConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads typed values out of a YAML document's nodes and collects what is wrong with them, each problem one line
 * {@code SOURCE:LINE: WHERE: what}. A value that cannot be read is reported and returned as null, so the reader
 * goes on and a file's problems are all reported at once.
 */
final class NodeReader {
    private final String source;
    private final List<String> problems = new ArrayList<>();

    NodeReader(String source) {
        this.source = source;
    }

    List<String> problems() {
        return problems;
    }

    /** The key → value nodes of a mapping, with unknown and repeated keys reported. */
    Map<String, Node> fields(MappingNode map, Set<String> known, String where) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problem(t.getKeyNode(), where + ": keys must be plain names");
                continue;
            }
            if (!known.contains(k.getValue())) {
                problem(k, where + ": unknown key '" + k.getValue() + "' (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            } else if (out.putIfAbsent(k.getValue(), t.getValueNode()) != null) {
                problem(k, where + ": '" + k.getValue() + "' is given twice");
            }
        }
        return out;
    }

    Map<String, Node> mapping(Node node, Set<String> known, String where) {
        if (node instanceof MappingNode map) {
            return fields(map, known, where);
        }
        problem(node, where + ": must be a mapping of " + String.join(", ", known.stream().sorted().toList()));
        return Map.of();
    }

    String scalar(Node node, String where, String key) {
        if (node instanceof ScalarNode s && !s.getValue().isBlank()) {
            return s.getValue().trim();
        }
        problem(node, where + ": '" + key + "' must be a single non-empty value");
        return null;
    }

    List<String> topics(Node node, String where) {
        List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
        List<String> out = new ArrayList<>();
        for (Node item : items) {
            String name = scalar(item, where, "inputs");
            if (name != null && legalTopic(item, name, where + " inputs")) {
                out.add(name);
            }
        }
        if (items.isEmpty()) {
            problem(node, where + ": 'inputs' must name at least one topic");
        }
        return out;
    }

    String topic(Map<String, Node> fields, String key, String where, String fallback) {
        Node node = fields.get(key);
        if (node == null) {
            return fallback;
        }
        String name = scalar(node, where, key);
        return name != null && legalTopic(node, name, where + " " + key) ? name : null;
    }

    boolean legalTopic(Node node, String name, String where) {
        try {
            Topic.validate(name);
            return true;
        } catch (InvalidTopicException e) {
            problem(node, where + ": " + e.getMessage());
            return false;
        }
    }

    Integer integer(Map<String, Node> f, String key, String where, Integer fallback, int min) {
        return value(f, key, where, fallback, "a whole number >= " + min, text -> {
            int n = Integer.parseInt(text);
            return n >= min ? n : null;
        });
    }

    Double decimal(Map<String, Node> f, String key, String where, double fallback) {
        return value(f, key, where, fallback, "a number", Double::parseDouble);
    }

    Duration duration(Map<String, Node> f, String key, String where, Duration fallback) {
        return value(f, key, where, fallback, "a positive duration (90s, 5m, 2h, 7d or ISO-8601)", text -> {
            Duration d = DurationConverter.parse(text);
            return d.isNegative() || d.isZero() ? null : d;
        });
    }

    /**
     * A field's value: {@code fallback} when the key is absent (null for a required key, which the caller
     * reports); else {@code parse} of its text, which returns null or throws for a value it refuses, reported as
     * "KEY must be WHAT, got 'TEXT'".
     */
    <T> T value(Map<String, Node> f, String key, String where, T fallback, String what,
                Function<String, T> parse) {
        Node node = f.get(key);
        if (node == null) {
            return fallback;
        }
        String text = scalar(node, where, key);
        if (text == null) {
            return null;
        }
        T value;
        try {
            value = parse.apply(text);
        } catch (RuntimeException e) {
            value = null;
        }
        if (value == null) {
            problem(node, where + ": " + key + " must be " + what + ", got '" + text + "'");
        }
        return value;
    }

    void problem(Node node, String message) {
        problems.add(node == null ? source + ": " + message : source + ":" + line(node) + ": " + message);
    }

    static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }
}
