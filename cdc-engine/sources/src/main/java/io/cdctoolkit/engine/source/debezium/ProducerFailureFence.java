package io.cdctoolkit.engine.source.debezium;

import io.debezium.pipeline.ErrorHandler;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;
import java.util.Optional;

/**
 * Keeps the records a Debezium binlog reader produced after its failure from being delivered. When the binlog client
 * cannot decode an event (a MariaDB {@code COMPRESSED} column's type it does not know), or Debezium cannot handle one (a
 * row of a partial row image), Debezium records the failure and the client goes on reading: the changes after the
 * failed one still reach Debezium's queue, and its poll hands them over as long as there are any — with offsets past
 * the failed change. Delivered and committed, they moved the saved position beyond it, and the next start never read
 * it again: a change lost without a trace (measured: MariaDB 10.11, a {@code TEXT COMPRESSED} row followed by other
 * rows). So a batch polled once a failure is recorded is not delivered; the task fails instead, as Debezium's own poll
 * does once its queue is empty, and the next start reads again from the last committed change.
 */
public final class ProducerFailureFence {

    private ProducerFailureFence() {
    }

    /**
     * {@code records}, unless the task's producer has failed.
     *
     * @throws ConnectException with the producer's failure as cause, when it has failed and {@code records} is not
     *                          empty (a failure that Debezium would have retried then stops the source instead: records
     *                          are only read past a failure the binlog client went on from, which is no lost connection)
     */
    public static List<SourceRecord> check(List<SourceRecord> records, Optional<ErrorHandler> errorHandler) {
        if (records == null || records.isEmpty()) return records;
        Throwable failure = errorHandler.map(ErrorHandler::getProducerThrowable).orElse(null);
        if (failure == null) return records;
        throw new ConnectException("An exception occurred in the change event producer; the " + records.size()
                + " change(s) polled with it are not delivered (they may come after the failed one)", failure);
    }
}
