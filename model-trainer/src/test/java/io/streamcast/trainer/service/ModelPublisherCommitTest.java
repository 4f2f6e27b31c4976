package io.streamcast.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.core.forecast.ForecastSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A commit that times out may still complete on the broker: Kafka allows retrying it, or closing the producer, but
 * not {@code abortTransaction}. On a real broker a commit cannot be made to time out on cue, so a mock producer
 * does it here.
 */
class ModelPublisherCommitTest {
    private static final TrainerConfig CONFIG = TrainerConfig.defaults("127.0.0.1:1", ForecastSettings.defaults());
    private static final ModelDecision DECISION = PublicationRecord.direct("m", "default", "test", "v1");

    /** A producer whose first {@code timeouts} commits time out, and which records what was called. */
    static final class SlowCommits extends MockProducer<String, byte[]> {
        private int timeouts;
        int aborts;
        int closes;

        SlowCommits(int timeouts) {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
            this.timeouts = timeouts;
        }

        @Override
        public void commitTransaction() {
            if (timeouts > 0) {
                timeouts--;
                throw new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(COMMIT)");
            }
            super.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            aborts++;
            super.abortTransaction();
        }

        @Override
        public void close(java.time.Duration timeout) {
            closes++;
            super.close(timeout);
        }
    }

    @Test
    void aCommitThatTimedOutIsRetriedNotAborted() throws Exception {
        SlowCommits producer = new SlowCommits(ModelPublisher.COMMIT_ATTEMPTS - 1);
        try (ModelPublisher publisher = new ModelPublisher(CONFIG, new TrainerLog(line -> { }, null), new SimpleMeterRegistry(),
                () -> producer)) {
            publisher.takeLead();
            publisher.commit(null, DECISION);
            assertThat(producer.transactionCommitted()).isTrue();
            assertThat(producer.aborts).isZero();
            assertThat(producer.history()).hasSize(1); // the decision record, once
        }
    }

    @Test
    void whenEveryAttemptTimesOutTheProducerIsClosedAndTheNextRoundStartsANewOne() throws Exception {
        List<SlowCommits> made = new ArrayList<>();
        try (ModelPublisher publisher = new ModelPublisher(CONFIG, new TrainerLog(line -> { }, null), new SimpleMeterRegistry(), () -> {
            SlowCommits p = new SlowCommits(made.isEmpty() ? ModelPublisher.COMMIT_ATTEMPTS : 0);
            made.add(p);
            return p;
        })) {
            publisher.takeLead();
            assertThatThrownBy(() -> publisher.commit(null, DECISION))
                    .isInstanceOf(ModelPublisher.CommitOutcomeUnknownException.class)
                    .hasMessageContaining("timed out " + ModelPublisher.COMMIT_ATTEMPTS + " times")
                    .hasMessageContaining("may or may not be published");
            SlowCommits first = made.get(0);
            assertThat(first.aborts).as("no abort after a commit timed out").isZero();
            assertThat(first.closes).isEqualTo(1);

            publisher.commit(null, DECISION);
            assertThat(made).hasSize(2);
            assertThat(made.get(1).transactionCommitted()).isTrue();
        }
    }
}
