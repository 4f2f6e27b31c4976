package io.streamcast.kafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"u\" password=\"hunter2\";";

    @Test
    void everyClientStartsFromBootstrapAndThePassThroughProperties() {
        KafkaConnection c = new KafkaConnection("b:9092", Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512"));
        for (Properties p : new Properties[] {c.admin(), c.producer(), c.idempotentProducer(), c.consumer(),
                c.readCommittedConsumer()}) {
            assertThat(p).containsEntry("bootstrap.servers", "b:9092").containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        }
    }

    @Test
    void correctnessSettingsWinOverThePassThroughProperties() {
        KafkaConnection c = new KafkaConnection("b:9092", Map.of("enable.idempotence", "false", "acks", "1",
                "isolation.level", "read_uncommitted", "linger.ms", "50"));
        assertThat(c.idempotentProducer()).containsEntry("enable.idempotence", "true").containsEntry("acks", "all")
                .containsEntry("linger.ms", "50");
        assertThat(c.readCommittedConsumer()).containsEntry("isolation.level", "read_committed");
        // the plain variants leave the user's settings alone
        assertThat(c.producer()).containsEntry("acks", "1");
        assertThat(c.consumer()).containsEntry("isolation.level", "read_uncommitted");
    }

    @Test
    void eachCallIsAFreshCopy() {
        KafkaConnection c = KafkaConnection.plaintext("b:9092");
        c.producer().put("acks", "0");
        assertThat(c.producer()).doesNotContainKey("acks");
    }

    @Test
    void bootstrapServersAreNotAPassThroughProperty() {
        assertThatThrownBy(() -> new KafkaConnection("b:9092", Map.of("bootstrap.servers", "b:9092")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KafkaConnection.plaintext(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHidesSecrets() {
        KafkaConnection c = new KafkaConnection("b:9092", Map.of("sasl.jaas.config", JAAS,
                "ssl.keystore.password", "ks-pass", "ssl.key.password", "key-pass", "ssl.keystore.key", "PEM",
                "sasl.oauthbearer.client.credentials.client.secret", "s3", "security.protocol", "SASL_SSL",
                "ssl.keystore.location", "/etc/ks.p12", "key.serializer", "x.StringSerializer"));
        String shown = c.toString();
        assertThat(shown).doesNotContain("hunter2", "ks-pass", "key-pass", "PEM", "s3")
                .contains("sasl.jaas.config=[hidden]", "ssl.key.password=[hidden]", "security.protocol=SASL_SSL",
                        "ssl.keystore.location=/etc/ks.p12", "key.serializer=x.StringSerializer", "b:9092");
    }

    @Test
    void secretKeys() {
        assertThat(KafkaConnection.isSecret("sasl.jaas.config")).isTrue();
        assertThat(KafkaConnection.isSecret("ssl.truststore.password")).isTrue();
        assertThat(KafkaConnection.isSecret("SSL.KEY.PASSWORD")).isTrue();
        assertThat(KafkaConnection.isSecret("main.consumer.sasl.jaas.config")).isTrue();
        assertThat(KafkaConnection.isSecret("security.protocol")).isFalse();
        assertThat(KafkaConnection.isSecret("sasl.mechanism")).isFalse();
        assertThat(KafkaConnection.isSecret("producer.key.serializer")).isFalse();
    }
}
