package io.streamcast.it;

import static io.streamcast.core.testing.TestObservations.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.cli.stack.LocalStack;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.BundleSigner;
import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.testing.TestModels;
import io.streamcast.streams.errors.DeadLetter;
import io.streamcast.streams.errors.RecordLimits;
import io.streamcast.streams.health.StreamsHealth;
import io.streamcast.trainer.service.TrainerConfig;
import io.streamcast.trainer.service.TrainerService;
import io.streamcast.trainer.training.TrainerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * Hostile input on a real broker: every case ends as a dead letter with its reason (or a refused bundle), the
 * service keeps forecasting for every other key, {@code records in == forecasts + dead letters + duplicates}
 * holds, and {@code /health} says what is true. docs/reliability.md lists these cases.
 */
class HardeningIntegrationTest extends OnKafkaCluster {
    static final ForecastSettings HOURLY = ForecastSettings.builder().horizon(12).window(24).season(24).maxGapFill(6)
            .build();
    private static final long T0 = Instant.parse("2014-07-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Sends records as bytes (keys need not be UTF-8) and counts them. */
    private static final class Input implements AutoCloseable {
        final KafkaProducer<byte[], byte[]> producer;
        final String topic;
        int sent;

        Input(LiveStack stack) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * 1024 * 1024));
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
            topic = stack.topics.observations();
        }

        void send(byte[] key, byte[] value, long timestamp) throws Exception {
            producer.send(new ProducerRecord<>(topic, null, timestamp, key, value)).get();
            sent++;
        }

        void observation(String key, int hour, double value) throws Exception {
            send(utf8(key), json(T0 + hour * HOUR, value), T0 + hour * HOUR);
        }

        /** Hours [from, to) of a smooth series for each key. */
        void series(List<String> keys, int from, int to) throws Exception {
            for (int h = from; h < to; h++) {
                for (String k : keys) {
                    observation(k, h, 50 + 10 * Math.sin(h / 3.0) + k.length());
                }
            }
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Every input accounted for: read_committed outputs and the app's counters agree with what was sent. */
    private static void awaitIdentity(LiveStack stack, Input input) throws InterruptedException {
        awaitOutputs(stack, input);
        assertThat(stack.counter("streamcast.observations.in")).isEqualTo(input.sent);
    }

    /**
     * Every input accounted for on the topics, as read_committed consumers see them: one forecast or one dead
     * letter each (or a counted duplicate), nothing twice. The app's own counters are not transactional: after an
     * aborted transaction they count the retried records again.
     */
    private static void awaitOutputs(LiveStack stack, Input input) throws InterruptedException {
        await().atMost(Duration.ofSeconds(90)).until(() -> stack.forecasts.size() + stack.deadLetters.size()
                + (long) stack.counter("streamcast.duplicates") >= input.sent);
        stack.awaitSettled(Duration.ofSeconds(60));
        assertThat(stack.forecasts.size() + stack.deadLetters.size() + (long) stack.counter("streamcast.duplicates"))
                .isEqualTo(input.sent);
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(LiveStack stack, String reason) {
        synchronized (stack.deadLetters) {
            return stack.deadLetters.stream().filter(r -> reason.equals(LiveStack.header(r, "reason"))).toList();
        }
    }

    private static long forecastsFor(LiveStack stack, String key) {
        synchronized (stack.forecasts) {
            return stack.forecasts.stream().filter(f -> f.seriesId().equals(key)).count();
        }
    }

    private static JsonNode health(LiveStack stack) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(stack.instances.get(0).url("/health")))
                .header("Authorization", LiveStack.TOKEN.authorization()) // the detailed health needs the token
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = JSON.readTree(r.body());
        assertThat(r.statusCode()).as(body.toString()).isEqualTo(body.get("ready").asBoolean() ? 200 : 503);
        return body;
    }

    private static void assertHealthy(LiveStack stack) throws Exception {
        JsonNode h = health(stack);
        assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("UP");
        assertThat(h.get("reasons")).isEmpty();
    }

    private static void setMaxMessageBytes(String topic, int bytes) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            Integer.toString(bytes)), AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    private static void setTimestampAfterMax(String topic, Duration lead) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String value = Long.toString(lead.toMillis());
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(
                    TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, value), AlterConfigOp.OpType.SET)))).all().get();
            // the broker applies it from the metadata log, after the call returns: wait until it answers with it
            await().atMost(Duration.ofSeconds(30)).until(() -> value.equals(admin.describeConfigs(List.of(resource))
                    .all().get().get(resource).get(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG).value()));
        }
    }

    /**
     * An input topic that accepts timestamps two days ahead, outputs with the broker's default
     * (an hour). A record stamped 6 h ahead becomes a dead letter (stamped now, which its topic accepts) instead of
     * a forecast the broker refuses again and again; the sentinels on every partition keep getting forecasts. Then
     * the forecasts topic's limit is lowered while the app runs: a record 30 minutes ahead is refused by the broker
     * (the app's limit is stale), and the retry dead-letters it.
     */
    @Test
    void aRecordStampedAheadOfWhatTheOutputsAcceptIsDeadLetteredAndEveryPartitionGoesOn() throws Exception {
        LiveStack.Options options = LiveStack.Options.DEFAULT
                .withBeforeStart(s -> setTimestampAfterMax(s.topics().observations(), Duration.ofDays(2)));
        List<String> sentinels = List.of("s0", "s1", "s2", "s3", "s4", "s5");
        try (LiveStack stack = new LiveStack(cluster, "future", HOURLY, options); Input in = new Input(stack)) {
            assertThat(stack.app.limits().timestampLeadMillis()).as("the outputs' default, an hour, less a minute")
                    .isEqualTo(Duration.ofMinutes(59).toMillis());
            in.series(sentinels, 0, 4);
            long ahead = System.currentTimeMillis() + Duration.ofHours(6).toMillis();
            in.send(utf8("future"), json(ahead, 1.0), ahead);
            in.series(sentinels, 4, 8);
            awaitOutputs(stack, in);
            assertThat(stack.forecasts).hasSize(sentinels.size() * 8);
            List<ConsumerRecord<byte[], byte[]>> letters = deadLetters(stack, "future-timestamp");
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).timestamp()).as("stamped no later than now").isLessThan(ahead);

            setTimestampAfterMax(stack.topics.forecasts(), Duration.ofMinutes(10));
            long halfHour = System.currentTimeMillis() + Duration.ofMinutes(30).toMillis();
            in.send(utf8("soon"), json(halfHour, 1.0), halfHour);
            in.series(sentinels, 8, 10);
            awaitOutputs(stack, in);
            assertThat(deadLetters(stack, "future-timestamp")).hasSize(2);
            assertThat(stack.forecasts).hasSize(sentinels.size() * 10);
            assertThat(stack.app.limits().timestampLeadMillis()).as("read again after the refusal")
                    .isEqualTo(Duration.ofMinutes(9).toMillis());
        }
    }

    @Test
    void aForecastLargerThanTheForecastsTopicAcceptsIsDeadLetteredAndEveryOtherKeyGoesOn() throws Exception {
        LiveStack.Options options = LiveStack.Options.DEFAULT
                .withConfig(c -> c.withMaxKeyBytes(64 * 1024))
                .withBeforeStart(s -> setMaxMessageBytes(s.topics().forecasts(), 4096));
        String longKey = "k".repeat(3500); // its forecast repeats it: over 4 KiB
        try (LiveStack stack = new LiveStack(cluster, "toolarge", HOURLY, options); Input in = new Input(stack)) {
            assertThat(stack.app.limits().outputBytes()).isEqualTo(4096);
            assertThat(stack.app.limits().deadLetterBytes()).isEqualTo(RecordLimits.KAFKA_DEFAULT);
            in.series(List.of("a", "b"), 0, 5);
            in.observation(longKey, 5, 1);
            in.series(List.of("a", "b"), 5, 10);
            awaitIdentity(stack, in);
            List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(stack, "too-large");
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).key()).isEqualTo(utf8(longKey));
            assertThat(LiveStack.header(dead.get(0), "detail")).contains("4096");
            assertThat(forecastsFor(stack, "a")).isEqualTo(10);
            assertThat(forecastsFor(stack, "b")).isEqualTo(10);
            assertHealthy(stack);
        }
    }

    @Test
    void anOutputTheBrokerRefusesAfterStartIsDeadLetteredOnRetryInsteadOfLoopingForEver() throws Exception {
        // The app read a 1 MiB limit at start; the topic's limit is lowered behind its back, so only the broker
        // can tell. Under exactly-once the refused send aborts the transaction; the retry dead-letters the input.
        LiveStack.Options options = LiveStack.Options.DEFAULT.withConfig(c -> c.withMaxKeyBytes(64 * 1024));
        String longKey = "q".repeat(2500);
        try (LiveStack stack = new LiveStack(cluster, "refused", HOURLY, options); Input in = new Input(stack)) {
            in.series(List.of("a", "b"), 0, 5);
            await().atMost(Duration.ofSeconds(60)).until(() -> stack.forecasts.size() == 10);
            setMaxMessageBytes(stack.topics.forecasts(), 3000);
            in.observation(longKey, 5, 1);
            in.series(List.of("a", "b"), 5, 10);
            awaitOutputs(stack, in);
            assertThat(stack.counter("streamcast.observations.in")).isGreaterThan(in.sent); // the aborted retry
            List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(stack, "too-large");
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).key()).isEqualTo(utf8(longKey));
            assertThat(LiveStack.header(dead.get(0), "detail")).contains("refused");
            assertThat(forecastsFor(stack, "a")).isEqualTo(10);
            assertThat(stack.meters.find("streamcast.outputs.refused").counter().count()).isPositive();
            assertThat(health(stack).get("live").asBoolean()).isTrue();
        }
    }

    @Test
    void anInputNearTheSizeLimitIsDeadLetteredAsATruncatedCopyThatFits() throws Exception {
        try (LiveStack stack = new LiveStack(cluster, "nearlimit", HOURLY); Input in = new Input(stack)) {
            int limit = stack.app.limits().deadLetterBytes();
            byte[] value = new byte[limit - 200]; // fits the input topic; with the reason headers its copy would not
            Arrays.fill(value, (byte) 'x');
            in.series(List.of("a"), 0, 3);
            in.send(utf8("big"), value, T0);
            in.series(List.of("a"), 3, 6);
            awaitIdentity(stack, in);
            ConsumerRecord<byte[], byte[]> dead = deadLetters(stack, "not-json").get(0);
            assertThat(LiveStack.header(dead, DeadLetter.HEADER_VALUE_BYTES)).isEqualTo(Integer.toString(value.length));
            assertThat(dead.value().length).isLessThan(value.length).isGreaterThan(value.length - 1000);
            assertThat(RecordLimits.estimate(dead.key().length, dead.value().length, dead.headers()))
                    .isLessThanOrEqualTo(limit);
            assertThat(forecastsFor(stack, "a")).isEqualTo(6);
            assertHealthy(stack);
        }
    }

    @Test
    void keysThatAreNotUtf8OrTooLongAreDeadLetteredWithTheirOriginalBytes() throws Exception {
        try (LiveStack stack = new LiveStack(cluster, "badkeys", HOURLY); Input in = new Input(stack)) {
            byte[] notUtf8 = {'s', (byte) 0xc3, (byte) 0x28, '1'};
            byte[] tooLong = utf8("L".repeat(5000));
            in.series(List.of("a"), 0, 3);
            in.send(notUtf8, json(T0, 1), T0);
            in.send(tooLong, json(T0, 1), T0);
            in.series(List.of("a"), 3, 6);
            awaitIdentity(stack, in);
            List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(stack, "bad-key");
            assertThat(dead).hasSize(2);
            assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(notUtf8, tooLong);
            assertThat(stack.forecasts).extracting(Forecast::seriesId).containsOnly("a");
            assertThat(stack.counter("streamcast.dlq")).isEqualTo(2);
            assertHealthy(stack);
        }
    }

    @Test
    void aStoredStateThatDoesNotDecodeResetsItsKeyAndEveryKeyGoesOn() throws Exception {
        // a corrupt changelog entry, restored into the store before the app processes anything
        LiveStack.Options options = LiveStack.Options.DEFAULT.withBeforeStart(s -> {
            String changelog = s.streamsAppConfig().applicationId() + "-series-state-changelog";
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(changelog, 2, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                        .all().get();
            }
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(changelog, utf8("corrupt"), new byte[] {3, 1, 2, 3})).get();
            }
        });
        try (LiveStack stack = new LiveStack(cluster, "badstate", HOURLY, options); Input in = new Input(stack)) {
            in.series(List.of("corrupt", "a"), 0, 4);
            awaitIdentity(stack, in);
            assertThat(forecastsFor(stack, "corrupt")).isEqualTo(4);
            assertThat(stack.deadLetters).isEmpty();
            assertThat(stack.counter("streamcast.state.unreadable")).isEqualTo(1);
            assertHealthy(stack);
        }
    }

    @Test
    void anExceptionInsideTheForecasterDeadLettersThatRecordAndEveryOtherKeyGoesOn() throws Exception {
        LiveStack.Options options = LiveStack.Options.DEFAULT.withHook(series -> {
            if (series.startsWith("poison")) {
                throw new IllegalStateException("injected fault for " + series);
            }
        });
        try (LiveStack stack = new LiveStack(cluster, "inject", HOURLY, options); Input in = new Input(stack)) {
            in.series(List.of("a", "poison-1", "b"), 0, 8);
            awaitIdentity(stack, in);
            List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(stack, "processing-error");
            assertThat(dead).hasSize(8).allSatisfy(d ->
                    assertThat(LiveStack.header(d, "detail")).contains("injected fault"));
            assertThat(forecastsFor(stack, "a")).isEqualTo(8);
            assertThat(forecastsFor(stack, "b")).isEqualTo(8);
            assertHealthy(stack);
        }
    }

    @Test
    void unsignedNanWeightReplayedOldAndNonPrintableVersionBundlesAreRefusedAndTheCurrentModelKeepsServing()
            throws Exception {
        try (LiveStack stack = new LiveStack(cluster, "bundles", HOURLY); Input in = new Input(stack);
             KafkaProducer<byte[], byte[]> models = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            BundleSigner signer = new BundleSigner("streamcast-integration-test-key");
            byte[] v1 = LiveStack.TRUST.sign(TestModels.bundle(HOURLY, "v1", 1)).toBytes();
            byte[] v2 = LiveStack.TRUST.sign(TestModels.bundle(HOURLY, "v2", 2)).toBytes();
            MultiLayerNetwork nan = TestModels.network(HOURLY.horizon(), 8, 3);
            nan.params().putScalar(0, Double.NaN);
            List<byte[]> hostile = List.of(
                    TestModels.bundle(HOURLY, "unsigned", 4).toBytes(),
                    signer.sign(ModelBundle.create(TestModels.metadata(HOURLY, "nan", List.of(8)),
                            LstmNetworks.toBytes(nan))).toBytes(),
                    v1, // replayed: validly signed, but older than the serving v2
                    signVersion(TestModels.bundle(HOURLY, "v5", 5).toBytes(), "\\ud800"));
            String topic = stack.topics.modelUpdates();
            models.send(new ProducerRecord<>(topic, utf8("streamcast-lstm"), v1)).get();
            models.send(new ProducerRecord<>(topic, utf8("streamcast-lstm"), v2)).get();
            stack.awaitModel("v2");
            for (byte[] bundle : hostile) {
                models.send(new ProducerRecord<>(topic, utf8("streamcast-lstm"), bundle)).get();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> stack.meters.find("streamcast.model.rejected")
                    .counters().stream().mapToDouble(c -> c.count()).sum() >= hostile.size());
            for (String reason : List.of("unsigned", "non-finite", "stale", "version")) {
                assertThat(stack.meters.get("streamcast.model.rejected").tag("reason", reason).counter().count())
                        .as(reason).isEqualTo(1);
            }
            in.series(List.of("a", "b"), 0, 30);
            awaitIdentity(stack, in);
            synchronized (stack.forecasts) {
                assertThat(stack.forecasts.subList(stack.forecasts.size() - 2, stack.forecasts.size()))
                        .extracting(Forecast::modelVersion).containsOnly("v2");
            }
            JsonNode h = health(stack);
            assertThat(h.get("status").asText()).isEqualTo("UP");
            assertThat(h.get("model").asText()).isEqualTo("v2");
            assertThat(h.get("model_trust").asText()).isEqualTo("signed");
            assertThat(h.get("model_last_refused").get("reason").asText()).isEqualTo("version");
            // the lags /health watches are Kafka Streams' own metrics of the global consumer and of the stream
            // threads' consumers: found, and caught up
            StreamsHealth.Source source = StreamsHealth.Source.of(stack.app.streams(), () -> 0);
            assertThat(source.modelUpdatesLag()).isZero();
            assertThat(source.inputLag()).isZero();
            assertThat(source.hasActiveTasks()).isTrue();

            // a new instance (fresh state directory) reads the whole topic: the replayed v1 is refused there too
            LocalStack.Instance fresh = stack.startInstance();
            await().atMost(Duration.ofSeconds(30)).until(() -> fresh.app().models().current() != null
                    && fresh.app().models().current().version().equals("v2"));
        }
    }

    /** The bundle with another version written into its metadata and signed again: a key holder's mistake. */
    private static byte[] signVersion(byte[] bundle, String jsonVersion) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(bundle);
        in.position(6);
        byte[] json = new byte[in.getInt()];
        in.get(json);
        byte[] weights = new byte[in.getInt()];
        in.get(weights);
        String edited = new String(json, StandardCharsets.UTF_8).replaceFirst("\"version\":\"[^\"]*\"",
                Matcher.quoteReplacement("\"version\":\"" + jsonVersion + "\""));
        byte[] e = utf8(edited);
        ByteBuffer unsigned = ByteBuffer.allocate(6 + 4 + e.length + 4 + weights.length)
                .put(Arrays.copyOf(bundle, 6)).putInt(e.length).put(e).putInt(weights.length).put(weights);
        byte[] content = unsigned.array();
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(utf8("streamcast-integration-test-key"), "HmacSHA256"));
        byte[] signature = mac.doFinal(content);
        return ByteBuffer.allocate(content.length + 2 + signature.length).put(content)
                .putShort((short) signature.length).put(signature).array();
    }

    @Test
    void backfilledHistoryWithWallClockRecordTimestampsKeepsEveryKey() throws Exception {
        try (LiveStack stack = new LiveStack(cluster, "backfill", HOURLY); Input in = new Input(stack)) {
            List<String> keys = List.of("a", "b", "c");
            long now = System.currentTimeMillis();
            // ten days of 2014 history (past the 7-day TTL if record times counted), written now
            for (int h = 0; h < 240; h++) {
                for (String k : keys) {
                    in.send(utf8(k), json(T0 + h * HOUR, h % 24), now + h);
                }
            }
            awaitIdentity(stack, in);
            // no key expires over several expiry slices (one a second)
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> stack.counter("streamcast.keys.expired") == 0);
            HttpResponse<byte[]> series = HTTP.send(HttpRequest.newBuilder(URI.create(
                    stack.instances.get(0).url("/series"))).header("Authorization", LiveStack.TOKEN.authorization())
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(series.statusCode()).isEqualTo(200);
            List<String> listed = new ArrayList<>();
            JSON.readTree(series.body()).get("series").forEach(n -> listed.add(n.asText()));
            assertThat(listed).containsExactlyInAnyOrderElementsOf(keys);
            assertHealthy(stack);
        }
    }

    @Test
    void aRestartedTrainerRebuildsItsHistoryFromTheTopicNotJustWhatArrivesAfter() throws Exception {
        try (LiveStack stack = new LiveStack(cluster, "trainrestart", HOURLY); Input in = new Input(stack)) {
            in.series(List.of("a", "b"), 0, 300);
            // never trains by itself here: this is about what it remembers
            TrainerConfig config = new TrainerConfig(cluster.bootstrapServers(), stack.topics, "streamcast-lstm",
                    HOURLY, TrainerSettings.defaults(), 1_000_000_000L, Duration.ofDays(1), 1_000_000_000L, 5_000, 100,
                    Map.of(), LiveStack.TRUST);
            try (TrainerService first = new TrainerService(config, line -> { })) {
                first.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> first.history().points() == 600);
            }
            in.series(List.of("a", "b"), 300, 310);
            // keys the trainer must not hold: not UTF-8 (it would merge them), 1 MB (it would keep the bytes)
            in.send(new byte[] {'a', (byte) 0xff}, json(T0, 1), T0);
            in.send(utf8("K".repeat(1_000_000)), json(T0, 1), T0);
            try (TrainerService restarted = new TrainerService(config, line -> { })) {
                restarted.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> restarted.history().points() == 620
                        && restarted.rejectedRecords() == 2);
                assertThat(restarted.history().seriesCount()).isEqualTo(2);
            }
        }
    }
}
