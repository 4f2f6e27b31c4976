package io.streamcast.options.deployment;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.kafka.client.TopicNames;
import io.streamcast.options.deployment.ForecastGroup.GroupTopics;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a deployment file (YAML, see {@code docs/configuration.md}) into a {@link Deployment}, or reports every
 * problem it has, one line each with the file and line: unknown or repeated keys, missing or malformed values, a
 * shape {@link ForecastSettings} refuses, names that are not legal, and what would make groups step on each other
 * (a topic in two roles, an input pattern that matches another topic of the deployment, two groups with one
 * model). SnakeYAML composes the document into nodes that know their line; values are read from those, so a
 * problem points at the line that has it.
 */
public final class DeploymentFile {
    /** Lower-case letters, digits and dashes: a group's name becomes part of topic, store, model and metric names. */
    static final Pattern GROUP_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
    private static final Duration DEFAULT_IDLE_TTL = Duration.parse(ForecastGroup.DEFAULT_IDLE_TTL);
    /** Files larger than this are refused before parsing: a deployment file is a few hundred lines at most. */
    static final int MAX_BYTES = 1 << 20;

    private static final Set<String> TOP_KEYS = Set.of("groups", "topics");
    /** The shared topics' keys under 'topics', with their default names, in the order of {@link Deployment}. */
    private static final Map<String, String> SHARED_TOPICS = sharedTopicDefaults();
    private static final Set<String> GROUP_KEYS = Set.of("name", "inputs", "input-pattern", "horizon", "season",
            "window", "coverage", "max-gap-fill", "step", "idle-ttl", "model", "topics", "emit-every",
            "emit-tolerance");
    private static final Set<String> GROUP_TOPIC_KEYS = Set.of("forecasts", "accuracy", "dead-letters");

    private final String source;
    private final NodeReader in;

    private DeploymentFile(String source) {
        this.source = source;
        this.in = new NodeReader(source);
    }

    /** Reads {@code file}; problems name it as given. */
    public static Deployment read(Path file) throws IOException, DeploymentException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new DeploymentException(List.of(file + ": " + size + " bytes, more than a deployment file's "
                    + MAX_BYTES));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new DeploymentException(List.of(file + ": not UTF-8 text"));
        }
        return parse(file.toString(), text);
    }

    /** Parses {@code text}; {@code source} names it in problems. */
    public static Deployment parse(String source, String text) throws DeploymentException {
        return new DeploymentFile(source).deployment(text);
    }

    private Deployment deployment(String text) throws DeploymentException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20); // no alias bombs
        options.setCodePointLimit(MAX_BYTES);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
            throw new DeploymentException(List.of(source + ":" + line + ": not valid YAML: " + e.getProblem()));
        } catch (YAMLException e) {
            throw new DeploymentException(List.of(source + ": not valid YAML: " + e.getMessage()));
        }
        if (!(root instanceof MappingNode top)) {
            throw new DeploymentException(List.of(source + ":" + (root == null ? 1 : NodeReader.line(root))
                    + ": a deployment file is a mapping with 'groups' (and optionally 'topics')"));
        }
        Map<String, Node> fields = in.fields(top, TOP_KEYS, "the file");
        Map<String, Node> shared = fields.containsKey("topics")
                ? in.mapping(fields.get("topics"), SHARED_TOPICS.keySet(), "topics") : Map.of();
        Map<String, String> sharedNames = new LinkedHashMap<>(); // key -> name, null when not a legal name
        List<Map.Entry<String, Node>> sharedTopics = new ArrayList<>(); // legal names and where they are given
        SHARED_TOPICS.forEach((key, fallback) -> {
            String name = in.topic(shared, key, "topics", fallback);
            sharedNames.put(key, name);
            if (name != null) {
                sharedTopics.add(Map.entry(name, shared.getOrDefault(key, top)));
            }
        });

        List<Parsed> groups = new ArrayList<>();
        Node groupsNode = fields.get("groups");
        if (groupsNode == null) {
            in.problem(top, "the file: 'groups' is missing: a deployment needs at least one group");
        } else if (!(groupsNode instanceof SequenceNode list) || list.getValue().isEmpty()) {
            in.problem(groupsNode, "the file: 'groups' must be a list of at least one group");
        } else {
            for (int i = 0; i < list.getValue().size(); i++) {
                Parsed g = group(list.getValue().get(i), i + 1);
                if (g != null) {
                    groups.add(g);
                }
            }
        }
        crossCheck(groups, sharedTopics);
        if (!in.problems().isEmpty()) {
            throw new DeploymentException(in.problems());
        }
        return new Deployment(groups.stream().map(Parsed::group).toList(), sharedNames.get("model-updates"),
                sharedNames.get("model-archive"), sharedNames.get("model-decisions"));
    }

    private static Map<String, String> sharedTopicDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("model-updates", TopicNames.DEFAULT_MODEL_UPDATES);
        defaults.put("model-archive", TopicNames.DEFAULT_MODEL_ARCHIVE);
        defaults.put("model-decisions", TopicNames.DEFAULT_MODEL_DECISIONS);
        return defaults;
    }

    /** A group as read, with the nodes its problems point at: its own, its fields' and its output topics'. */
    private record Parsed(ForecastGroup group, Node node, Map<String, Node> fields, Map<String, Node> outputs) {
        Node output(String key) {
            return outputs.getOrDefault(key, node);
        }
    }

    private Parsed group(Node node, int index) {
        String where = "group " + index;
        if (!(node instanceof MappingNode map)) {
            in.problem(node, where + ": must be a mapping with name, inputs or input-pattern, horizon and season");
            return null;
        }
        // the name first, so the group's other problems can say which group they are in
        String written = nameOf(map);
        boolean named = written != null && GROUP_NAME.matcher(written).matches();
        if (named) {
            where = "group '" + written + "'";
        }
        Map<String, Node> f = in.fields(map, GROUP_KEYS, where);
        String name = null;
        if (!f.containsKey("name")) {
            in.problem(node, where + ": 'name' is missing");
        } else if (in.scalar(f.get("name"), where, "name") != null) {
            if (named) {
                name = written;
            } else {
                in.problem(f.get("name"), where + ": name '" + written + "' must be 1-48 lower-case letters, digits "
                        + "and dashes, starting with a letter or digit");
            }
        }
        for (String required : List.of("horizon", "season")) {
            if (!f.containsKey(required)) {
                in.problem(node, where + ": '" + required + "' is missing");
            }
        }
        int problemsBefore = in.problems().size();
        List<String> inputs = List.of();
        Pattern pattern = null;
        if (f.containsKey("inputs") == f.containsKey("input-pattern")) {
            in.problem(node, where + ": give either 'inputs' (topic names) or 'input-pattern' (a regular expression "
                    + "of topic names)");
        } else if (f.containsKey("inputs")) {
            inputs = in.topics(f.get("inputs"), where);
        } else {
            String regex = in.scalar(f.get("input-pattern"), where, "input-pattern");
            try {
                pattern = regex == null ? null : Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                in.problem(f.get("input-pattern"), where + ": input-pattern is not a regular expression: "
                        + e.getDescription());
            }
        }
        Integer horizon = in.integer(f, "horizon", where, null, 1);
        Integer season = in.integer(f, "season", where, null, 1);
        Integer window = in.integer(f, "window", where,
                horizon != null && season != null ? ForecastSettings.defaultWindow(horizon, season) : 0, 1);
        Double coverage = in.decimal(f, "coverage", where, ForecastSettings.DEFAULT_COVERAGE);
        Integer maxGapFill = in.integer(f, "max-gap-fill", where, ForecastSettings.DEFAULT_MAX_GAP_FILL, 0);
        Duration step = in.duration(f, "step", where, ForecastSettings.DEFAULT_STEP);
        Duration idleTtl = in.duration(f, "idle-ttl", where, DEFAULT_IDLE_TTL);
        String model = f.containsKey("model") ? in.scalar(f.get("model"), where, "model")
                : name == null ? null : name + "-lstm";
        // streams-app's emit policy of the group; absent = its flags (--emit-every, --emit-tolerance)
        Integer emitEvery = in.integer(f, "emit-every", where, null, 1);
        OptionalDouble emitTolerance = in.value(f, "emit-tolerance", where, null, "a finite number >= 0 or off",
                ForecastGroup.Output::tolerance);
        Map<String, Node> outputs = f.containsKey("topics") ? in.mapping(f.get("topics"), GROUP_TOPIC_KEYS,
                where + " topics") : Map.of();
        GroupTopics derived = GroupTopics.derived(name == null ? "group" : name);
        String forecasts = in.topic(outputs, "forecasts", where, derived.forecasts());
        String accuracy = in.topic(outputs, "accuracy", where, derived.accuracy());
        String deadLetters = in.topic(outputs, "dead-letters", where, derived.deadLetters());
        if (name == null || in.problems().size() > problemsBefore || horizon == null || season == null
                || window == null || coverage == null || maxGapFill == null || step == null || idleTtl == null
                || model == null
                || (inputs.isEmpty() && pattern == null) || forecasts == null || accuracy == null
                || deadLetters == null) {
            return null;
        }
        ForecastSettings forecast;
        try {
            forecast = new ForecastSettings(horizon, window, season, coverage, maxGapFill, step);
        } catch (IllegalArgumentException e) {
            in.problem(f.getOrDefault("window", node), where + ": " + e.getMessage());
            return null;
        }
        return new Parsed(new ForecastGroup(name, inputs, pattern, new GroupTopics(forecasts, accuracy, deadLetters),
                forecast, idleTtl, model, new ForecastGroup.Output(emitEvery, emitTolerance)), node, f, outputs);
    }

    /**
     * What only the whole file shows: names, model names and topics used twice, and input patterns that match a
     * topic the deployment uses otherwise (a group reading another's output, or its own, would feed forecasts back
     * in as observations).
     */
    private void crossCheck(List<Parsed> groups, List<Map.Entry<String, Node>> sharedTopics) {
        Map<String, String> roles = new LinkedHashMap<>();
        Map<String, String> groupNames = new LinkedHashMap<>();
        Map<String, String> models = new LinkedHashMap<>();
        for (Map.Entry<String, Node> t : sharedTopics) {
            if (roles.putIfAbsent(t.getKey(), "shared model") != null) {
                in.problem(t.getValue(), "topics: '" + t.getKey() + "' is given for two of the shared model topics");
            }
        }
        for (Parsed p : groups) {
            ForecastGroup g = p.group();
            String where = "group '" + g.name() + "'";
            if (groupNames.putIfAbsent(g.name(), g.name()) != null) {
                in.problem(p.fields().get("name"), where + ": another group has this name");
                continue; // its model and topics would only repeat the point
            }
            String other = models.putIfAbsent(g.modelName(), g.name());
            if (other != null) {
                in.problem(p.fields().getOrDefault("model", p.node()), where + ": model '" + g.modelName()
                        + "' already serves group '" + other + "'; each group needs its own model");
            }
            for (String input : g.inputTopics()) {
                use(roles, input, where, "input", p.fields().get("inputs"));
            }
            use(roles, g.topics().forecasts(), where, "forecasts", p.output("forecasts"));
            use(roles, g.topics().accuracy(), where, "accuracy", p.output("accuracy"));
            use(roles, g.topics().deadLetters(), where, "dead letters", p.output("dead-letters"));
        }
        for (Parsed p : groups) {
            Pattern pattern = p.group().inputPattern();
            if (pattern == null) {
                continue;
            }
            for (Map.Entry<String, String> used : roles.entrySet()) {
                if (pattern.matcher(used.getKey()).matches()) {
                    in.problem(p.fields().get("input-pattern"), "group '" + p.group().name() + "': input-pattern '"
                            + pattern + "' matches '" + used.getKey() + "', the " + used.getValue() + " topic");
                }
            }
        }
    }

    /** The group's name as written, to name it in problems found before its name is checked. */
    private static String nameOf(MappingNode map) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name")
                    && t.getValueNode() instanceof ScalarNode v) {
                return v.getValue().trim();
            }
        }
        return null;
    }

    private void use(Map<String, String> roles, String topic, String where, String role, Node node) {
        String other = roles.putIfAbsent(topic, where + " " + role);
        if (other != null) {
            in.problem(node, where + ": topic '" + topic + "' is already the " + other + " topic; each topic has one "
                    + "role in a deployment");
        }
    }
}
