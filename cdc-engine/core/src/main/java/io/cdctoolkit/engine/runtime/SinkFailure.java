package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.spi.SinkRecord;

/**
 * A failed sink write, handed from the sink's callback thread to the pipeline thread, which alone
 * applies {@code on_error} (writing a dead-letter record from a producer's I/O thread could block it).
 *
 * @param ticket     the source event the record belongs to; still waiting for this record
 * @param record     the record that failed
 * @param error      what the sink reported
 * @param deadLetter whether the failed record was itself a dead-letter record (always fatal)
 */
record SinkFailure(AckTracker.Ticket ticket, SinkRecord record, Exception error, boolean deadLetter) {
}
