package io.streamcast.kafka.client;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How to reach a Kafka cluster: its bootstrap servers and the user's pass-through client properties (security,
 * timeouts, tuning; from {@code --kafka-config} and {@code STREAMCAST_KAFKA_*}, see {@link KafkaOptions}). Every
 * Kafka client streamcast creates takes its properties from here.
 *
 * <p>Order of every method's properties, later entries winning: {@code bootstrap.servers}; then the pass-through
 * properties; then the settings this class adds for the kind of client ({@link #idempotentProducer()},
 * {@link #readCommittedConsumer()}); then whatever the caller puts on the returned copy. So connection and
 * security settings are the user's, while the settings a service's correctness depends on ({@code
 * enable.idempotence}, {@code acks=all}, {@code isolation.level=read_committed}, a consumer group, a request size
 * big enough for a model bundle) are applied last and cannot be overridden by the pass-through properties.
 * {@code bootstrap.servers} is never a pass-through property (rejected here; {@link KafkaOptions} explains).
 *
 * <p>{@link #toString()} hides the values of secret-looking keys ({@link #isSecret}).
 *
 * @param bootstrapServers HOST:PORT[,...]
 * @param properties       pass-through Kafka client properties; never contains {@code bootstrap.servers}
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> properties) {

    /** What {@link #toString()} and {@link #redacted} show instead of a secret value. */
    public static final String HIDDEN = "[hidden]";

    /** Key fragments that mark a value as secret (case-insensitive). */
    private static final Set<String> SECRET_FRAGMENTS = Set.of("password", "jaas", "secret", "key", "token",
            "credential");

    /** Keys with a secret-looking fragment whose values are not secret. */
    private static final Set<String> BENIGN = Set.of("ssl.keystore.type", "ssl.keystore.location",
            "key.serializer", "key.deserializer");

    public KafkaConnection {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are empty: give HOST:PORT[,...]");
        }
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        if (properties.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("bootstrap.servers is not a pass-through property: give it as the "
                    + "bootstrap servers");
        }
    }

    /** The embedded loopback broker of demo, broker and bench (plaintext, no pass-through properties). */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /** A fresh copy: bootstrap servers, then the pass-through properties. */
    public Properties admin() {
        return common();
    }

    /** A fresh copy: bootstrap servers, then the pass-through properties; the caller adds what it needs. */
    public Properties producer() {
        return common();
    }

    /**
     * A fresh copy: bootstrap servers, the pass-through properties, then {@code enable.idempotence=true} and
     * {@code acks=all}, which win over the pass-through properties (no duplicates or reordering on retries).
     */
    public Properties idempotentProducer() {
        Properties p = common();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    /** A fresh copy: bootstrap servers, then the pass-through properties; the caller adds what it needs. */
    public Properties consumer() {
        return common();
    }

    /**
     * A fresh copy: bootstrap servers, the pass-through properties, then {@code isolation.level=read_committed},
     * which wins over the pass-through properties (never read records of aborted or open transactions).
     */
    public Properties readCommittedConsumer() {
        Properties p = common();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    /**
     * A fresh copy for a client whose own settings are tunable: {@code defaults} first, then bootstrap servers, then
     * the pass-through properties, which override the defaults (Kafka Streams: streams-app's producer tuning,
     * cache, commit interval; docs/configuration.md). The caller puts what must not be overridden afterwards.
     */
    public Properties over(Map<?, ?> defaults) {
        Properties p = new Properties();
        p.putAll(defaults);
        p.putAll(common());
        return p;
    }

    private Properties common() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(properties);
        return p;
    }

    /**
     * Whether a property's value must not be shown: its name contains password, jaas, secret, key, token or
     * credential (e.g. {@code sasl.jaas.config}, {@code ssl.key.password}, {@code ssl.keystore.key}), except
     * the few such names that are plainly not secrets (serializer classes, keystore type and location).
     */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (BENIGN.contains(k) || k.endsWith(".key.serializer") || k.endsWith(".key.deserializer")) {
            return false;
        }
        return SECRET_FRAGMENTS.stream().anyMatch(k::contains);
    }

    /** The properties sorted by name, secret values ({@link #isSecret}) replaced by {@value #HIDDEN}. */
    public static Map<String, String> redacted(Map<String, String> properties) {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, isSecret(k) ? HIDDEN : v));
        return shown;
    }

    @Override
    public String toString() { // never print a secret
        return "KafkaConnection[" + bootstrapServers + ", " + redacted(properties) + "]";
    }
}
