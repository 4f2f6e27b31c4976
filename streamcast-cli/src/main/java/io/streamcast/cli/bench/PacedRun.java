package io.streamcast.cli.bench;

import io.streamcast.core.model.ModelBundle;
import io.streamcast.streams.topology.ForecastTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The forecasting topology on input paced at a fixed rate: latency from produce to read_committed consume, and in
 * the run's second half forecasts lost or duplicated while new models are published under load.
 */
final class PacedRun {
    /**
     * Latency percentiles of the steady first half (after a warm-up fifth) and of records sent within a second
     * after a model was published; the swap accounting.
     *
     * @param expected     forecasts expected: input records the broker accepted
     * @param lost         expected forecasts never read
     * @param duplicated   forecasts read more than once, counted once per extra read
     * @param sendFailures input records the broker refused (not expected, so not lost)
     */
    record Result(int rate, double p50Ms, double p99SteadyMs, double p99SwapMs, long expected, long lost,
                  long duplicated, int swaps, long sendFailures) {}

    private final BenchDriver driver;
    private final BenchInput input;

    PacedRun(BenchDriver driver, BenchInput input) {
        this.driver = driver;
        this.input = input;
    }

    /**
     * Input paced at {@code rate} records/s for {@code seconds}; in the second half a new model ({@code
     * nextModel} of the swap's number) is published every {@code swapEvery}. Latency percentiles of the first half
     * are the steady state; the swap figures compare records produced within a second after a publish with the
     * steady half.
     */
    Result run(int keys, int rate, int seconds, Duration swapEvery, ModelBundle first,
               IntFunction<ModelBundle> nextModel) throws Exception {
        BenchDriver.Run run = driver.newRun("paced");
        List<Long> publishedAt = new ArrayList<>();
        int total = rate * seconds;
        driver.say(String.format("bench: paced %d records/s for %d s over %d keys, a model swap every %d s in the "
                + "second half ...", rate, seconds, keys, swapEvery.toSeconds()));
        try (PacedLedger ledger = new PacedLedger(driver, run);
             KafkaProducer<String, byte[]> producer = driver.producer(0);
             KafkaStreams streams = new KafkaStreams(ForecastTopology.build(run.config()),
                     run.config().toStreamsProperties())) {
            producer.send(run.model(first)).get();
            streams.start();
            long wait = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < wait) {
                Thread.sleep(50);
            }
            long start = System.nanoTime();
            long nextSwap = start + seconds * 500_000_000L;
            int swaps = 0;
            for (int i = 0; i < total; i++) {
                long now = PacedLedger.parkUntil(start + (long) (i * 1e9 / rate));
                if (now >= nextSwap) {
                    producer.send(run.model(nextModel.apply(++swaps)));
                    publishedAt.add(now);
                    nextSwap += swapEvery.toNanos();
                }
                ledger.send(producer, input.record(run.topics().observations(), i, keys, 0));
            }
            producer.flush();
            ledger.awaitForecasts(total, Duration.ofSeconds(60));
            streams.close(Duration.ofSeconds(30));
            ledger.close();
            if (ledger.sendFailures() > 0) {
                driver.say("bench: " + ledger.sendFailures() + " input records were not accepted by the broker "
                        + "(first: " + ledger.firstSendError() + "); they are not counted as expected forecasts");
            }
            long expected = total - ledger.sendFailures();
            long distinct = ledger.delivered();
            if (distinct < expected) {
                driver.say("bench: no forecast read for " + (expected - distinct) + " records, e.g. "
                        + ledger.missing(5) + "; dead letters on " + run.topics().deadLetters() + ": "
                        + driver.topicBytes(run.topics().deadLetters()) + " bytes");
            }
            driver.deleteTopics(run);
            Latencies l = Latencies.of(ledger.latencies(), start, seconds, publishedAt);
            return new Result(rate, l.p50SteadyMs(), l.p99SteadyMs(), l.p99SwapMs(), expected, expected - distinct,
                    ledger.duplicated(), swaps, ledger.sendFailures());
        }
    }

    /** The latency percentiles of a paced run, in milliseconds; NaN where a part had no samples. */
    record Latencies(double p50SteadyMs, double p99SteadyMs, double p99SwapMs) {
        /**
         * @param samples     {sent nanos, latency nanos} per forecast read
         * @param start       nanos when the paced input began; the first fifth of the run is a warm-up (JIT,
         *                    caches, the model copy) and not counted, the first half is the steady state
         * @param publishedAt nanos of each model publish; a sample sent within a second after one is a swap's
         */
        static Latencies of(List<long[]> samples, long start, int seconds, List<Long> publishedAt) {
            long mid = start + seconds * 500_000_000L;
            long warm = start + seconds * 200_000_000L;
            List<Long> steady = new ArrayList<>();
            List<Long> swap = new ArrayList<>();
            for (long[] l : samples) {
                if (l[0] < warm) {
                    continue;
                }
                if (l[0] < mid) {
                    steady.add(l[1]);
                } else if (publishedAt.stream().anyMatch(p -> l[0] >= p && l[0] < p + 1_000_000_000L)) {
                    swap.add(l[1]);
                }
            }
            return new Latencies(percentile(steady, 0.5), percentile(steady, 0.99), percentile(swap, 0.99));
        }

        /** The q-quantile of {@code nanos} in milliseconds, NaN if empty. */
        static double percentile(List<Long> nanos, double q) {
            if (nanos.isEmpty()) {
                return Double.NaN;
            }
            long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
        }
    }
}
