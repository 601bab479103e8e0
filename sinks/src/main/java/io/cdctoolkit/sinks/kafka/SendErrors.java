package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.engine.spi.SinkRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

import java.util.List;

/**
 * Sorts what Kafka says about a failed send into the {@link io.cdctoolkit.engine.spi.Sink} contract:
 * <ul>
 *   <li>the record itself is unacceptable (too large, bad topic name, rejected by the broker's record
 *       checks), or it was refused with such a record's batch → {@link InvalidDataException}: other
 *       records may still succeed, {@code on_error} applies;</li>
 *   <li>a transient error that outlived {@code delivery.timeout.ms} → {@link RetryableException};</li>
 *   <li>anything else (authentication, authorization, a fenced or broken producer) → {@link FatalException}.</li>
 * </ul>
 * Transient errors (leader moves, a broker restarting) never get here before the delivery timeout:
 * the producer retries them itself.
 */
final class SendErrors {

    /** The stage name carried by this sink's {@link InvalidDataException}s. */
    static final String STAGE = "kafka-sink";

    private static final List<Class<? extends Exception>> RECORD_REJECTED = List.of(
            RecordTooLargeException.class, RecordBatchTooLargeException.class, InvalidTopicException.class,
            SerializationException.class, InvalidRecordException.class, CorruptRecordException.class,
            InvalidTimestampException.class);

    private SendErrors() {
    }

    /**
     * Whether the record failed only because another record of its batch was invalid (KIP-467): the
     * producer then fails the batch's other records with a plain {@link KafkaException} saying so.
     * {@link BatchRepair} sends them again.
     */
    static boolean isBatchmate(Exception error) {
        return error.getClass() == KafkaException.class && error.getMessage() != null
                && error.getMessage().startsWith("Failed to append record because it was part of a batch");
    }

    /** The exception the sink's callback reports for {@code error}, a failure to write {@code record}. */
    static Exception classify(Exception error, SinkRecord record) {
        TableId table = record.event() == null ? null : record.event().table();
        String what = "topic '" + record.topic() + "'";
        for (Class<? extends Exception> type : RECORD_REJECTED) {
            if (type.isInstance(error)) {
                return new InvalidDataException(STAGE, table, null,
                        "Kafka rejected the record for " + what + " (" + error.getClass().getSimpleName() + "): "
                                + error.getMessage(), error);
            }
        }
        if (isBatchmate(error)) {
            return new InvalidDataException(STAGE, table, null, "Kafka did not write the record to " + what
                    + ": it shared a batch with a record the broker rejected (the whole batch is refused);"
                    + " the record itself may be fine — re-send it from the dead-letter topic", error);
        }
        if (error instanceof RetriableException) {
            return new RetryableException("kafka-sink: could not deliver to " + what
                    + " within delivery_timeout_ms, or waited max_block_ms for buffer space or metadata; " + error.getClass().getSimpleName() + ": "
                    + error.getMessage() + " (check that the brokers are reachable)", error);
        }
        if (error instanceof AuthenticationException) {
            return new FatalException("kafka-sink: authentication failed writing to " + what + ": " + error.getMessage()
                    + " (check the sink's security block: protocol, sasl_mechanism, username, password)", error);
        }
        if (error instanceof AuthorizationException) {
            return new FatalException("kafka-sink: not allowed to write to " + what + ": " + error.getMessage()
                    + " (grant the sink's principal WRITE and DESCRIBE on the topic)", error);
        }
        return new FatalException("kafka-sink: cannot write to " + what + ": "
                + error.getClass().getSimpleName() + ": " + error.getMessage(), error);
    }
}
