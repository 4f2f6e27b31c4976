package io.streamcast.kafka.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The Kafka connection options of every command that talks to a user's cluster (streams-app, trainer, model,
 * replay), as a picocli mixin: {@code --bootstrap} and {@code --kafka-config FILE} (alias {@code --config}), plus
 * Kafka client properties from the environment. The demo, broker and bench run their own plaintext loopback
 * broker and take none of this.
 *
 * <p>Sources of the pass-through client properties, later ones winning:
 * <ol>
 *   <li>environment variables {@code STREAMCAST_KAFKA_<NAME>}, named like the Confluent images' variables:
 *       {@code <NAME>} lowercased, {@code _} becomes {@code .}, {@code __} becomes {@code _} and {@code ___}
 *       becomes {@code -} ({@code STREAMCAST_KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}), but for
 *       {@value #CONFIG_FILE_ENV}, {@code --kafka-config}'s own variable (no client property is named
 *       {@code config});</li>
 *   <li>the {@code --kafka-config} properties file (a flag is more explicit than the environment).</li>
 * </ol>
 * The bootstrap servers come from {@code --bootstrap} (or its variable) only: a {@code
 * bootstrap.servers} in the file or environment is dropped when it names the same servers and is an error when it
 * differs (rather than silently connecting to one of two clusters). {@code application.id} is dropped (streams-app
 * has {@code --application-id}). Settings a command needs for correctness win over these properties (see
 * {@link KafkaConnection}).
 *
 * <p>The environment is {@link System#getenv()} unless a test gives another with {@link #environment(Map)}.
 */
public final class KafkaOptions {
    /** Environment variables with this prefix are Kafka client properties. */
    public static final String ENV_PREFIX = "STREAMCAST_KAFKA_";
    /** {@code --kafka-config}'s variable by the rule of the services' options, so not a client property. */
    public static final String CONFIG_FILE_ENV = ENV_PREFIX + "CONFIG";
    /** The bootstrap servers when not given. */
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    // INHERIT: `model --bootstrap X list` and `model list --bootstrap X` both work
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT[,...]", scope = ScopeType.INHERIT,
            defaultValue = DEFAULT_BOOTSTRAP,
            description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = {"--kafka-config", "--config"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = {"Java properties file of Kafka client settings (security.protocol, sasl.*, ssl.*, "
                    + "timeouts) for every Kafka client of this command; overrides environment variables "
                    + "STREAMCAST_KAFKA_<NAME> (e.g. STREAMCAST_KAFKA_SASL_MECHANISM = sasl.mechanism). "
                    + "bootstrap.servers belongs in --bootstrap. See docs/configuration.md."})
    Path configFile;

    private Map<String, String> environment = System.getenv();

    /** Replaces the environment read for {@code STREAMCAST_KAFKA_*} (tests); returns this. */
    public KafkaOptions environment(Map<String, String> env) {
        this.environment = Objects.requireNonNull(env, "env");
        return this;
    }

    /** The bootstrap servers as given ({@code --bootstrap} or its variable). */
    public String bootstrap() {
        return bootstrap;
    }

    /**
     * The connection from the options, the file and the environment.
     *
     * @throws ParameterException with one line saying what is wrong (unreadable file, conflicting bootstrap)
     */
    public KafkaConnection connection() {
        try {
            return resolve(bootstrap, configFile, environment);
        } catch (IllegalArgumentException e) {
            if (mixee == null) {
                throw e;
            }
            throw new ParameterException(mixee.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * The connection from bootstrap servers, an optional properties file and an environment (see the class
     * comment for precedence).
     *
     * @throws IllegalArgumentException with one line saying what is wrong: the file cannot be read, or it or the
     *                                  environment names other bootstrap servers
     */
    public static KafkaConnection resolve(String bootstrap, Path file, Map<String, String> env) {
        Map<String, String> fromEnv = fromEnvironment(env);
        Map<String, String> fromFile = file == null ? Map.of() : readFile(file);
        Map<String, String> merged = new HashMap<>(fromEnv);
        merged.putAll(fromFile);
        String servers = merged.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (servers != null && !normalized(servers).equals(normalized(bootstrap))) {
            String source = fromFile.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                    ? "--kafka-config " + file : ENV_PREFIX + "BOOTSTRAP_SERVERS";
            throw new IllegalArgumentException("bootstrap.servers=" + servers + " from " + source + " differs from "
                    + "--bootstrap " + bootstrap + ": give the servers with --bootstrap (or STREAMCAST_BOOTSTRAP) "
                    + "only");
        }
        merged.remove("application.id");
        return new KafkaConnection(bootstrap, merged);
    }

    /**
     * The Kafka client properties among environment variables: each {@code STREAMCAST_KAFKA_<NAME>} but
     * {@value #CONFIG_FILE_ENV}.
     */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> props = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length() && value != null
                    && !name.equals(CONFIG_FILE_ENV)) {
                props.put(propertyName(name), value);
            }
        });
        return props;
    }

    /**
     * The Kafka property an environment variable {@code STREAMCAST_KAFKA_<NAME>} sets, by the Confluent images'
     * convention: {@code <NAME>} lowercased, {@code _} to {@code .}, then {@code ___} (now {@code ...}) to
     * {@code -} and {@code __} (now {@code ..}) to {@code _}.
     *
     * @throws IllegalArgumentException when the name lacks the prefix
     */
    public static String propertyName(String envName) {
        if (!envName.startsWith(ENV_PREFIX)) {
            throw new IllegalArgumentException(envName + " does not start with " + ENV_PREFIX);
        }
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT)
                .replace('_', '.')
                .replace("...", "-")
                .replace("..", "_");
    }

    /**
     * A Java properties file's entries (read as {@link Properties#load(InputStream)} does, like Kafka's own
     * tools).
     *
     * @throws IllegalArgumentException "cannot read --kafka-config FILE: reason" when it cannot be read
     */
    public static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read --kafka-config " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read --kafka-config " + file + ": permission denied", e);
        } catch (IOException | IllegalArgumentException e) { // IllegalArgumentException: a malformed \\u escape
            throw new IllegalArgumentException("cannot read --kafka-config " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> props = new HashMap<>();
        p.forEach((k, v) -> props.put(k.toString(), v.toString()));
        return props;
    }

    private static String normalized(String servers) {
        return Arrays.stream(servers.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.joining(","));
    }
}
