package io.streamcast.streams.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.ModelTrust;
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
    };

    private StreamsHealth health(ModelTrust trust) {
        ForecastSettings settings = ForecastSettings.defaults();
        ModelRegistry models = new ModelRegistry(settings, KernelKind.JAVA, trust,
                new StreamsAppMetrics(new SimpleMeterRegistry(), settings));
        Clock clock = new Clock() {
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
        return new StreamsHealth(source, models, clock);
    }

    @SuppressWarnings("unchecked")
    private static List<String> reasons(StreamsHealth.Report r) {
        return (List<String>) r.body().get("reasons");
    }

    @Test
    void upOnlyWhenEveryThreadRuns() {
        StreamsHealth health = health(ModelTrust.signed("k"));
        assertThat(health.check().status()).isEqualTo("UP");
        threads.put("app-StreamThread-2", "PARTITIONS_ASSIGNED");
        StreamsHealth.Report r = health.check();
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
        StreamsHealth.Report r = health.check();
        assertThat(r.status()).isEqualTo("DEGRADED");
        assertThat(reasons(r)).singleElement().asString().contains("failed 30 s ago").contains("boom");
        now = now.plus(StreamsHealth.RECENT_FAILURE);
        assertThat(health.check().status()).isEqualTo("UP");
    }

    @Test
    void aDeadClientOrGlobalThreadIsNotLive() {
        StreamsHealth health = health(ModelTrust.signed("k"));
        health.threadFailed("app-GlobalStreamThread", new OutOfMemoryError("native"));
        StreamsHealth.Report r = health.check();
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
        now = now.plus(StreamsHealth.MODEL_LAG_GRACE).plusSeconds(1);
        StreamsHealth.Report r = health.check();
        assertThat(r.status()).isEqualTo("DEGRADED");
        assertThat(reasons(r)).singleElement().asString().contains("3 records behind");
        lag = 0;
        assertThat(health.check().status()).isEqualTo("UP");
    }

    @Test
    void theTrustModeIsReported() {
        assertThat(health(ModelTrust.signed("k")).check().body()).containsEntry("model_trust", "signed")
                .doesNotContainKey("model_trust_note");
        assertThat(health(ModelTrust.none()).check().body()).containsEntry("model_trust", "none")
                .extractingByKey("model_trust_note").asString().contains("every bundle is refused");
        assertThat(health(ModelTrust.unsignedAllowed()).check().body())
                .containsEntry("model_trust", "unsigned-allowed");
    }
}
