package io.streamcast.streams.errors;

import io.streamcast.core.domain.RejectReason;
import io.streamcast.core.domain.Rejection;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' exception handlers (KIP-1033, KIP-1034) as streamcast's last line: what escapes the
 * forecaster's own checks becomes a dead letter in streamcast's format, and processing resumes.
 *
 * <ul>
 *   <li>{@link Processing}: an exception thrown out of a processor (the forecaster catches its own; this is
 *       for what it cannot, e.g. a state store write) — dead-lettered as {@code processing-error} from the
 *       source record's raw bytes.</li>
 *   <li>{@link Production}: the producer or broker refused an output. Retriable errors are retried; anything
 *       else is noted in {@link RefusedOutputs} and resumed. Under exactly-once the transaction aborts anyway
 *       and the task re-reads the input, which the forecaster then dead-letters; under at-least-once the
 *       handler writes the dead letter itself.</li>
 * </ul>
 * Kafka Streams creates the handlers by class name; they find streamcast's shared pieces in the configuration
 * under {@value #CONTEXT_CONFIG} ({@link #install}).
 */
public final class StreamsErrorHandlers {
    public static final String CONTEXT_CONFIG = "streamcast.error.handling";
    private static final Logger log = LoggerFactory.getLogger(StreamsErrorHandlers.class);

    /**
     * What the handlers share with one forecast group's forecaster.
     *
     * @param reads        whether a topic is one of the group's inputs
     * @param outputTopics the forecaster's output topics whose refusals are the input's fault (forecasts,
     *                     accuracy, dead letters); a refused changelog write is not
     */
    public record Group(String deadLetterTopic, java.util.Set<String> outputTopics, Predicate<String> reads,
                        RefusedOutputs refused, StreamsAppMetrics metrics) {}

    /**
     * What the handlers share with the forecasters.
     *
     * @param groups the deployment's groups, the first one taking what belongs to none (a global processor's
     *               failure)
     */
    public record Context(List<Group> groups, boolean exactlyOnce, RecordLimits limits, Runnable refreshLimits) {
        public Context {
            groups = List.copyOf(groups);
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("no groups");
            }
        }

        /** A context of one group (tests). */
        public Context(String deadLetterTopic, java.util.Set<String> outputTopics, boolean exactlyOnce,
                       RecordLimits limits, Runnable refreshLimits, RefusedOutputs refused, StreamsAppMetrics metrics) {
            this(List.of(new Group(deadLetterTopic, outputTopics, topic -> true, refused, metrics)), exactlyOnce,
                    limits, refreshLimits);
        }

        Group readingInput(String topic) {
            return groups.stream().filter(g -> topic != null && g.reads().test(topic)).findFirst()
                    .orElse(groups.get(0));
        }

        /** The group writing {@code topic}, or null when it is no group's output (a changelog, say). */
        Group writing(String topic) {
            return groups.stream().filter(g -> g.outputTopics().contains(topic)).findFirst().orElse(null);
        }
    }

    private StreamsErrorHandlers() {}

    /** Sets both handlers and their shared context in Kafka Streams properties. */
    public static void install(Properties streamsProperties, Context context) {
        streamsProperties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, Processing.class.getName());
        streamsProperties.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, Production.class.getName());
        streamsProperties.put(CONTEXT_CONFIG, context);
    }

    private static Context context(Map<String, ?> configs) {
        Object c = configs.get(CONTEXT_CONFIG);
        if (!(c instanceof Context context)) {
            throw new IllegalStateException(CONTEXT_CONFIG + " is not set: install the handlers with "
                    + "StreamsErrorHandlers.install");
        }
        return context;
    }

    private static DeadLetter.Source source(ErrorHandlerContext c) {
        return c.topic() == null ? DeadLetter.Source.UNKNOWN : new DeadLetter.Source(c.topic(), c.partition(), c.offset());
    }

    /** A dead letter for an input with this timestamp ({@link DeadLetter#timestamp}). */
    private static ProducerRecord<byte[], byte[]> record(Group group, DeadLetter letter, long timestamp) {
        return new ProducerRecord<>(group.deadLetterTopic(), null,
                DeadLetter.timestamp(timestamp, System.currentTimeMillis()), letter.key(), letter.value(),
                letter.headers());
    }

    /** An exception out of a processor: the source record becomes a {@code processing-error} dead letter. */
    public static final class Processing implements ProcessingExceptionHandler {
        private Context context;

        @Override
        public void configure(Map<String, ?> configs) {
            context = context(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext c, Record<?, ?> record, Exception exception) {
            log.error("Processing failed at {}-{}@{} in {}; dead-lettering the record and going on", c.topic(),
                    c.partition(), c.offset(), c.processorNodeId(), exception);
            Rejection why = new Rejection(RejectReason.PROCESSING_ERROR, "in " + c.processorNodeId() + ": "
                    + exception);
            DeadLetter letter = DeadLetter.of(c.sourceRawKey(), c.sourceRawValue(), c.headers(), why, source(c),
                    context.limits());
            Group group = context.readingInput(c.topic());
            group.metrics().deadLetter(why.reason().code());
            return Response.resume(List.of(record(group, letter, c.timestamp())));
        }
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /**
     * Whether the producer or broker refused the record for what it is (size, content, a timestamp further ahead
     * than the topic's {@code message.timestamp.after.max.ms}), not for a state.
     */
    static boolean recordsFault(Exception e) {
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidRecordException || e instanceof SerializationException
                || e instanceof InvalidTimestampException;
    }

    /** An output the producer or broker refused. */
    public static final class Production implements ProductionExceptionHandler {
        private Context context;

        @Override
        public void configure(Map<String, ?> configs) {
            context = context(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext c, ProducerRecord<byte[], byte[]> record,
                                    Exception exception) {
            if (exception instanceof RetriableException) {
                return Response.retry();
            }
            Group group = context.writing(record.topic());
            if (!recordsFault(exception) || group == null) {
                // Not this record's doing (a transaction in error, a fenced producer, a changelog write failing
                // with the transaction): nothing to dead-letter. Under exactly-once the task retries.
                log.warn("Output to {} failed ({}); not the input's fault, not dead-lettered", record.topic(),
                        exception.toString());
                return Response.resume();
            }
            boolean tooLarge = exception instanceof RecordTooLargeException
                    || exception instanceof RecordBatchTooLargeException;
            if (exception instanceof InvalidTimestampException) {
                // a topic's limit lowered while the app runs; the broker refuses a whole batch for one record, so
                // only a record further ahead than the limit as it is now is the culprit
                context.refreshLimits().run();
                if (record.timestamp() - System.currentTimeMillis() <= context.limits().timestampLeadMillis()) {
                    group.metrics().outputRefused("collateral");
                    log.warn("Output to {} failed with {} but its timestamp is within the limit: failed with its "
                            + "batch, not for itself", record.topic(), exception.toString());
                    return Response.resume();
                }
            }
            if (tooLarge) {
                // A failed transaction fails its other pending records with the same exception: only a record
                // that does not fit the limits as they are now is the culprit. Reading the limits again also
                // lets the forecaster dead-letter what does not fit before sending it, on the retry.
                context.refreshLimits().run();
                int limit = record.topic().equals(group.deadLetterTopic()) ? context.limits().deadLetterBytes()
                        : context.limits().outputBytes();
                if (RecordLimits.estimate(length(record.key()), length(record.value()), record.headers()) <= limit) {
                    group.metrics().outputRefused("collateral");
                    log.warn("Output to {} failed with {} but fits the limit of {} bytes: failed with the "
                            + "transaction, not for itself", record.topic(), exception.toString(), limit);
                    return Response.resume();
                }
            }
            String detail = "the broker refused the output to " + record.topic() + ": " + exception;
            boolean deadLetter = record.topic().equals(group.deadLetterTopic());
            RejectReason reason = tooLarge ? RejectReason.TOO_LARGE
                    : exception instanceof InvalidTimestampException ? RejectReason.FUTURE_TIMESTAMP
                    : RejectReason.PRODUCTION_ERROR;
            group.refused().refused(record.key(), record.timestamp(), deadLetter, reason, detail);
            group.metrics().outputRefused(tooLarge ? "too-large" : reason == RejectReason.FUTURE_TIMESTAMP
                    ? "timestamp" : "other");
            // (the context's coordinates are of the record in process when the broker answered, not necessarily
            // of this output's input: the input is found again by the output's key and timestamp, which are its)
            log.error("Output to {} refused ({}); its input (record timestamp {}) will be dead-lettered",
                    record.topic(), exception.toString(), record.timestamp());
            if (context.exactlyOnce() || deadLetter) {
                // the transaction aborts: the task re-reads the input and the forecaster dead-letters it
                // (a refused dead letter is retried smaller by the same path under at-least-once too)
                return Response.resume();
            }
            Rejection why = new Rejection(reason, detail);
            DeadLetter letter = DeadLetter.of(c.sourceRawKey() != null ? c.sourceRawKey() : record.key(),
                    c.sourceRawValue(), c.headers(), why, source(c), context.limits());
            group.metrics().deadLetter(why.reason().code());
            return Response.resume(List.of(record(group, letter, record.timestamp())));
        }
    }
}
