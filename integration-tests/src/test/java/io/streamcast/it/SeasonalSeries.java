package io.streamcast.it;

import io.streamcast.core.testing.TestObservations;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Hourly test series with something to learn: a season of {@code m} steps plus persistent (AR(1)) deviations, so
 * seasonal naive is good but beatable and a short training round finds a better model. Seeded: the same points
 * every run; ids {@code s0}, {@code s1}, … (the same in every topic, for tests of groups keeping them apart).
 */
public final class SeasonalSeries {
    public static final long T0 = 1_404_172_800_000L; // 2014-07-01T00:00:00Z
    public static final long HOUR = 3_600_000L;

    private SeasonalSeries() {}

    /** Points [from, to) of {@code series} series to {@code topic}, record timestamp = event time; then flushes. */
    public static void produce(KafkaProducer<String, byte[]> producer, String topic, int series, int m, long seed,
                               int from, int to) {
        Random random = new Random(seed);
        for (int s = 0; s < series; s++) {
            double phase = random.nextDouble() * 2 * Math.PI;
            double amplitude = 5 + random.nextDouble() * 10;
            double level = 50 + random.nextDouble() * 100;
            double ar = 0;
            for (int t = 0; t < to; t++) {
                ar = 0.9 * ar + random.nextGaussian() * amplitude * 0.15;
                if (t >= from) {
                    long ts = T0 + t * HOUR;
                    double v = level + amplitude * Math.sin(2 * Math.PI * t / m + phase) + ar;
                    producer.send(new ProducerRecord<>(topic, null, ts, "s" + s, TestObservations.json(ts, v)));
                }
            }
        }
        producer.flush();
    }
}
