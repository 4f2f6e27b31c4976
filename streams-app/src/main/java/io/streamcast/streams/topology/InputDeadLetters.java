package io.streamcast.streams.topology;

import io.streamcast.core.domain.Reading;
import io.streamcast.core.domain.Received;
import io.streamcast.core.domain.Rejection;
import io.streamcast.streams.errors.DeadLetter;
import io.streamcast.streams.errors.RecordLimits;
import io.streamcast.streams.errors.RefusedOutputs;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's dead letters: an input the forecaster cannot use goes to the dead-letter topic as it arrived (its
 * bytes, cut to fit the topic's limit, see {@link DeadLetter}), with the reason and where it came from, and is
 * counted by reason.
 */
final class InputDeadLetters {
    private static final Logger log = LoggerFactory.getLogger(InputDeadLetters.class);
    /** The key bytes a minimal letter keeps (after the full letter was refused). */
    private static final int MINIMAL_KEY_BYTES = 256;

    private final ProcessorContext<byte[], byte[]> context;
    private final String sink;
    private final RecordLimits limits;
    private final StreamsAppMetrics metrics;

    /** @param sink the group's dead-letter sink node */
    InputDeadLetters(ProcessorContext<byte[], byte[]> context, String sink, RecordLimits limits,
                     StreamsAppMetrics metrics) {
        this.context = context;
        this.sink = sink;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** Sends the input's dead letter with this reason, and counts it. */
    void send(Record<Received<String>, Received<Reading>> record, Rejection rejection) {
        send(record, record.key().bytes(), record.value().bytes(), record.headers(), rejection);
    }

    /**
     * An input whose output the broker refused before (see {@link RefusedOutputs}): dead-lettered; after its
     * dead letter was refused too, with a minimal letter (no value, no input headers); after that, dropped with
     * an error, so that nothing fails for ever.
     */
    void refused(Record<Received<String>, Received<Reading>> record, RefusedOutputs.Refusal refusal) {
        if (refusal.times() == 1) {
            send(record, refusal.rejection());
            return;
        }
        if (refusal.times() == 2) {
            byte[] whole = record.key().bytes();
            byte[] key = whole == null ? null : Arrays.copyOf(whole, Math.min(whole.length, MINIMAL_KEY_BYTES));
            send(record, key, null, null, refusal.rejection());
            return;
        }
        log.error("Task {}: dropping the input at {}: neither its output nor its dead letter could be written ({})",
                context.taskId(), source(), refusal.rejection().detail());
        metrics.dropped();
    }

    /** Sends a dead letter made of these parts of the input (cut to fit), and counts it. */
    private void send(Record<?, ?> record, byte[] key, byte[] value, Headers headers, Rejection rejection) {
        DeadLetter letter = DeadLetter.of(key, value, headers, rejection, source(), limits);
        context.forward(new Record<>(letter.key(), letter.value(),
                DeadLetter.timestamp(record.timestamp(), context.currentSystemTimeMs()), letter.headers()), sink);
        metrics.deadLetter(rejection.reason().code());
    }

    private DeadLetter.Source source() {
        RecordMetadata m = context.recordMetadata().orElse(null);
        return m == null ? DeadLetter.Source.UNKNOWN : new DeadLetter.Source(m.topic(), m.partition(), m.offset());
    }
}
