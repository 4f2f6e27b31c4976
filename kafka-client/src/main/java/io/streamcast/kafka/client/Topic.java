package io.streamcast.kafka.client;

import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the types of its keys and values: its name and the serdes that read and write it, so a client
 * of the topic cannot pair it with the wrong ones (as in confluentinc/kafka-streams-examples'
 * {@code Schemas.Topic}).
 *
 * @param name       the topic's name
 * @param keySerde   writes and reads its keys
 * @param valueSerde writes and reads its values
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        org.apache.kafka.common.internals.Topic.validate(name); // the broker's own rule, with its message
    }

    /** A producer of this topic's records. */
    public KafkaProducer<K, V> producer(Properties producerProperties) {
        return new KafkaProducer<>(producerProperties, keySerde.serializer(), valueSerde.serializer());
    }

    /** A consumer of this topic's records (not subscribed or assigned). */
    public KafkaConsumer<K, V> consumer(Properties consumerProperties) {
        return new KafkaConsumer<>(consumerProperties, keySerde.deserializer(), valueSerde.deserializer());
    }

    @Override
    public String toString() {
        return name;
    }
}
