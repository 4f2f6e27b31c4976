package io.streamcast.streams.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.streams.config.ForecastGroupConfig;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import io.streamcast.streams.model.ModelRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** What /health says in each state, driven through a fake Kafka Streams and a clock the test moves. */
class StreamsHealthTest {
    private KafkaStreams.State state = KafkaStreams.State.RUNNING;
    private final Map<String, String> threads = new LinkedHashMap<>(Map.of("app-StreamThread-1", "RUNNING"));
    private double lag = 0;
    private double inputLag = 0;
    private long processed = 0;
    private boolean activeTasks = true;
    private HealthReport.Tasks tasks = HealthReport.Tasks.NONE;
    private Instant now = Instant.parse("2026-12-01T12:00:00Z");

    private final StreamsHealth.Source source = new StreamsHealth.Source() {
        @Override
        public KafkaStreams.State state() {
            return state;
        }

        @Override
        public Map<String, String> threads() {
            return threads;
        }

        @Override
        public double modelUpdatesLag() {
            return lag;
        }

        @Override
        public double inputLag() {
            return inputLag;
        }

        @Override
        public long processed() {
            return processed;
        }

        @Override
        public boolean hasActiveTasks() {
            return activeTasks;
        }

        @Override
        public HealthReport.Tasks tasks() {
            return tasks;
        }
    };

    private StreamsHealth health(ModelTrust trust) {
        return new StreamsHealth(source, registry(ForecastGroupConfig.DEFAULT_GROUP, trust), clock());
    }

    private static ModelRegistry registry(String group, ModelTrust trust) {
        ForecastSettings settings = ForecastSettings.defaults();
        return new ModelRegistry(group, settings, KernelKind.JAVA, trust,
                new StreamsAppMetrics(new SimpleMeterRegistry(), settings, group));
    }

    private Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    private static List<String> reasons(HealthReport r) {
        return r.reasons();
    }

    @Test
    void upOnlyWhenEveryThreadRuns() {
        StreamsHealth health = health(ModelTrust.signed("k"));
        assertThat(health.check().status()).isEqualTo("UP");
        threads.put("app-StreamThread-2", "PARTITIONS_ASSIGNED");
        HealthReport r = health.check();
        assertThat(r.status()).isEqualTo("DEGRADED");
        assertThat(r.live()).isTrue();
        assertThat(r.ready()).isFalse();
        assertThat(reasons(r)).containsExactly("stream thread app-StreamThread-2 is PARTITIONS_ASSIGNED");
    }

    @Test
    void aThreadThatFailedRecentlyIsReportedEvenWhileTheClientSaysRunning() {
        StreamsHealth health = health(ModelTrust.signed("k"));
        health.threadFailed("app-StreamThread-1", new IllegalStateException("boom"));
        now = now.plusSeconds(30);
        HealthReport r = health.check();
        assertThat(r.status()).isEqualTo("DEGRADED");
        assertThat(reasons(r)).singleElement().asString().contains("failed 30 s ago").contains("boom");
        now = now.plus(StreamsHealth.RECENT_FAILURE);
        assertThat(health.check().status()).isEqualTo("UP");
    }

    @Test
    void aDeadClientOrGlobalThreadIsNotLive() {
        StreamsHealth health = health(ModelTrust.signed("k"));
        health.threadFailed("app-GlobalStreamThread", new OutOfMemoryError("native"));
        HealthReport r = health.check();
        assertThat(r.status()).isEqualTo("DOWN");
        assertThat(r.live()).isFalse();
        assertThat(reasons(r).get(0)).contains("global thread").contains("native");

        StreamsHealth other = health(ModelTrust.signed("k"));
        state = KafkaStreams.State.ERROR;
        assertThat(other.check().live()).isFalse();
    }

    @Test
    void modelUpdatesBehindForLongerThanTheGraceIsNotReady() {
        StreamsHealth health = health(ModelTrust.signed("k"));
        lag = 3;
        assertThat(health.check().status()).isEqualTo("UP"); // behind, but only just
        now = now.plus(StreamsHealth.LAG_GRACE).plusSeconds(1);
        HealthReport r = health.check();
        assertThat(r.status()).isEqualTo("DEGRADED");
        assertThat(reasons(r)).singleElement().asString().contains("3 records behind");
        lag = 0;
        assertThat(health.check().status()).isEqualTo("UP");
    }

    @Test
    void aModelUpdatesLagThatStaysUnknownIsNotNoLag() {
        StreamsHealth health = health(ModelTrust.signed("k"));
        lag = -1; // what Kafka's metric gives once no fetch is answered: the broker is gone
        assertThat(health.check().status()).isEqualTo("UP");
        now = now.plus(StreamsHealth.LAG_GRACE).plusSeconds(1);
        HealthReport r = health.check();
        assertThat(r.status()).isEqualTo("DEGRADED");
        assertThat(reasons(r)).singleElement().asString().contains("model-updates").contains("unknown for 121 s");
        lag = 0;
        assertThat(health.check().status()).isEqualTo("UP");
    }

    @Test
    void recordsWaitingOnTheInputWithNoneProcessedIsNotReady() {
        StreamsHealth health = health(ModelTrust.signed("k"));
        inputLag = 40;
        assertThat(health.check().status()).isEqualTo("UP");
        now = now.plus(StreamsHealth.LAG_GRACE).plusSeconds(1);
        HealthReport stalled = health.check();
        assertThat(stalled.status()).isEqualTo("DEGRADED");
        assertThat(reasons(stalled)).singleElement().asString()
                .contains("40 records waiting, none processed for 121 s");
        processed = 7; // progress
        assertThat(health.check().status()).isEqualTo("UP");
        inputLag = 0; // nothing waiting: no progress is needed
        now = now.plus(Duration.ofHours(1));
        assertThat(health.check().status()).isEqualTo("UP");
    }

    @Test
    void anInputLagThatStaysUnknownIsNotReady() {
        StreamsHealth health = health(ModelTrust.signed("k"));
        inputLag = -1;
        health.check();
        now = now.plus(StreamsHealth.LAG_GRACE).plusSeconds(1);
        HealthReport r = health.check();
        assertThat(r.ready()).isFalse();
        assertThat(r.live()).isTrue();
        assertThat(reasons(r)).anySatisfy(reason -> assertThat(reason).contains("input").contains("unknown"));
        activeTasks = false; // an instance without tasks fetches nothing: its lag is unknown and that is fine
        assertThat(health.check().ready()).isTrue();
    }

    @Test
    void streamThreadsDyingAgainAndAgainFailLiveness() {
        StreamsHealth health = health(ModelTrust.signed("k"));
        for (int i = 1; i < StreamsHealth.REPEATED_FAILURES; i++) {
            health.threadFailed("app-StreamThread-" + i, new IllegalStateException("boom " + i));
            now = now.plusSeconds(30);
        }
        assertThat(health.check().live()).as("replaced a few times: not ready, still live").isTrue();
        health.threadFailed("app-StreamThread-9", new IllegalStateException("boom again"));
        HealthReport r = health.check();
        assertThat(r.live()).isFalse();
        assertThat(r.status()).isEqualTo("DOWN");
        assertThat(reasons(r)).anySatisfy(reason -> assertThat(reason).contains("died 5 times in the last 10 minutes"));
        now = now.plus(StreamsHealth.FAILURE_WINDOW);
        assertThat(health.check().live()).as("the window moved on").isTrue();
    }

    @Test
    void theTrustModeIsReported() {
        HealthReport signed = health(ModelTrust.signed("k")).check();
        assertThat(signed.modelTrust()).isEqualTo("signed");
        assertThat(signed.modelTrustNote()).isNull();
        HealthReport none = health(ModelTrust.none()).check();
        assertThat(none.modelTrust()).isEqualTo("none");
        assertThat(none.modelTrustNote()).contains("every bundle is refused");
        assertThat(health(ModelTrust.unsignedAllowed()).check().modelTrust()).isEqualTo("unsigned-allowed");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String json(HealthReport r) throws Exception {
        return JSON.writeValueAsString(r);
    }

    @Test
    void theBodyOfAHealthyInstanceKeepsItsKeysTypesAndOrder() throws Exception {
        threads.put("app-StreamThread-2", "RUNNING");
        tasks = new HealthReport.Tasks(List.of("0_0", "0_2"), List.of("0_1"));
        assertThat(json(health(ModelTrust.signed("k")).check())).isEqualTo("{\"status\":\"UP\",\"live\":true,"
                + "\"ready\":true,\"streams\":\"RUNNING\",\"threads\":{\"app-StreamThread-1\":\"RUNNING\","
                + "\"app-StreamThread-2\":\"RUNNING\"},\"tasks\":{\"active\":[\"0_0\",\"0_2\"],\"standby\":[\"0_1\"]},"
                + "\"reasons\":[],\"model\":\"baseline\",\"model_trust\":\"signed\"}");
    }

    @Test
    void theBodyOfADegradedInstanceWithoutAKeyHasItsReasonsAndTheTrustNote() throws Exception {
        state = KafkaStreams.State.REBALANCING;
        tasks = new HealthReport.Tasks(List.of(), List.of());
        assertThat(json(health(ModelTrust.none()).check())).isEqualTo("{\"status\":\"DEGRADED\",\"live\":true,"
                + "\"ready\":false,\"streams\":\"REBALANCING\",\"threads\":{\"app-StreamThread-1\":\"RUNNING\"},"
                + "\"tasks\":{\"active\":[],\"standby\":[]},\"reasons\":[\"Kafka Streams is REBALANCING\"],"
                + "\"model\":\"baseline\",\"model_trust\":\"none\",\"model_trust_note\":\"no STREAMCAST_MODEL_KEY and "
                + "no --allow-unsigned: every bundle is refused, the baseline serves\"}");
        assertThat(JSON.readTree(json(health(ModelTrust.unsignedAllowed()).check())).get("model_trust_note").asText())
                .startsWith("unsigned bundles are served (--allow-unsigned)");
    }

    @Test
    void theBodyOfSeveralGroupsShowsEachGroupsModelAndLastRefusal() throws Exception {
        tasks = new HealthReport.Tasks(List.of("0_0", "1_0"), List.of());
        ModelRegistry sensors = registry("sensors", ModelTrust.signed("k"));
        ModelRegistry stocks = registry("stocks", ModelTrust.signed("k"));
        stocks.refuseTombstone("stocks-lstm", "test");
        String body = json(new StreamsHealth(source, List.of(sensors, stocks), clock()).check());
        String refusal = "{\"at\":\"" + stocks.lastRefusal().at() + "\",\"reason\":\"tombstone\",\"message\":"
                + JSON.writeValueAsString(stocks.lastRefusal().message()) + "}";
        assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree("{\"status\":\"UP\",\"live\":true,\"ready\":true,"
                + "\"streams\":\"RUNNING\",\"threads\":{\"app-StreamThread-1\":\"RUNNING\"},"
                + "\"tasks\":{\"active\":[\"0_0\",\"1_0\"],\"standby\":[]},\"reasons\":[],\"model\":\"baseline\","
                + "\"model_trust\":\"signed\",\"groups\":{\"sensors\":{\"model\":\"baseline\"},"
                + "\"stocks\":{\"model\":\"baseline\",\"model_last_refused\":" + refusal + "}}}"));
        assertThat(body).as("the refusal's keys in order too").endsWith("\"stocks\":{\"model\":\"baseline\","
                + "\"model_last_refused\":" + refusal + "}}}");
        JsonNode root = JSON.readTree(body);
        assertThat(root.fieldNames()).toIterable().containsExactly("status", "live", "ready", "streams", "threads",
                "tasks", "reasons", "model", "model_trust", "groups");
        assertThat(root.get("groups").fieldNames()).toIterable().containsExactly("sensors", "stocks");
        assertThat(root.get("groups").get("stocks").fieldNames()).toIterable()
                .containsExactly("model", "model_last_refused");

        String firstRefused = json(new StreamsHealth(source, List.of(stocks, sensors), clock()).check());
        assertThat(JSON.readTree(firstRefused).get("model_last_refused")).isEqualTo(JSON.readTree(refusal));
        assertThat(JSON.readTree(firstRefused).fieldNames()).toIterable().containsExactly("status", "live", "ready",
                "streams", "threads", "tasks", "reasons", "model", "model_trust", "model_last_refused", "groups");
    }
}
