package io.streamcast.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.codec.ForecastCodec;
import io.streamcast.core.domain.Forecast;
import io.streamcast.core.forecast.ForecastSettings;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

class BenchTopologiesTest {
    private static final ForecastSettings SETTINGS = ForecastSettings.defaults();

    @Test
    void theSameSerdesPassthroughEmitsTheSampleForecastAtEachRecordsOrigin() throws Exception {
        BenchInput input = new BenchInput(SETTINGS);
        BenchInput.Primed primed = input.primed(BenchModels.bundle(SETTINGS, "test-v1", 8, 1));
        Forecast sample = primed.forecast();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-topologies-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(
                BenchTopologies.statefulPassthrough("in", "out", SETTINGS, primed.state(), sample), props)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic("in", new StringSerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic("out", new StringDeserializer(),
                    new ByteArrayDeserializer());
            for (int i = 0; i < 4; i++) { // two keys, two hourly steps each, none at the sample's origin
                ProducerRecord<String, byte[]> r = input.record("in", i, 2, input.primedSteps());
                in.pipeInput(r.key(), r.value(), r.timestamp());
            }
            List<byte[]> values = out.readValuesToList();
            assertThat(values).hasSize(4);
            ForecastCodec codec = new ForecastCodec();
            for (int i = 0; i < 4; i++) {
                Forecast f = codec.decode(values.get(i));
                long origin = BenchInput.observation(i, 2, input.primedSteps()).timestampMillis();
                assertThat(origin).isNotEqualTo(sample.originMillis());
                assertThat(f.originMillis()).isEqualTo(origin);
                assertThat(f.modelVersion()).isEqualTo(sample.modelVersion());
                assertThat(f.points()).hasSameSizeAs(sample.points());
                for (int j = 0; j < f.horizon(); j++) {
                    assertThat(f.points().get(j).mean()).isEqualTo(sample.points().get(j).mean());
                    assertThat(f.points().get(j).targetMillis() - origin)
                            .isEqualTo(sample.points().get(j).targetMillis() - sample.originMillis());
                }
            }
        }
    }
}
