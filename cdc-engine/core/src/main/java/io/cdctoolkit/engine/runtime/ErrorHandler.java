package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code on_error} to rejected events and records the pipeline's first fatal failure. Runs
 * on the pipeline thread only; sink callbacks reach it through {@link RecordWriter}'s failure queue.
 */
final class ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

    private final String pipeline;
    private final PipelineSettings settings;
    private final AckTracker tracker;
    private final RecordWriter writer;
    private final PipelineStats stats;
    private final RejectionLog rejections;
    private Throwable failure;

    ErrorHandler(String pipeline, PipelineSettings settings, AckTracker tracker, RecordWriter writer,
                 PipelineStats stats) {
        this(pipeline, settings, tracker, writer, stats, new RejectionLog());
    }

    ErrorHandler(String pipeline, PipelineSettings settings, AckTracker tracker, RecordWriter writer,
                 PipelineStats stats, RejectionLog rejections) {
        this.pipeline = pipeline;
        this.settings = settings;
        this.tracker = tracker;
        this.writer = writer;
        this.stats = stats;
        this.rejections = rejections;
    }

    /** The first fatal failure, or null. */
    Throwable failure() {
        return failure;
    }

    boolean failed() {
        return failure != null;
    }

    /**
     * The pipeline must stop. Nothing at or after {@code ticket}'s event will be committed; a null
     * ticket means a failure outside any event (source poll, sink flush), which blocks nothing already read.
     */
    void fatal(AckTracker.Ticket ticket, Throwable cause) {
        if (ticket != null) {
            tracker.fail(ticket);
            stats.failed();
        }
        if (failure == null) {
            failure = cause;
            stats.error(String.valueOf(cause.getMessage()));
            if (isEnvironmental(cause) || cause instanceof InvalidDataException
                    || cause instanceof FatalException && cause.getCause() == null) {
                // Unreachable systems, failed I/O, a record rejected with on_error: stop (its stage, table, field
                // and reason in the message) and a component's deliberate stop (a FatalException of its own, saying
                // why and what to do) are not bugs: their message says it all, the trace is for -v.
                LOG.error("pipeline '{}' failed: {}", pipeline, cause.getMessage());
                LOG.debug("pipeline '{}' failure", pipeline, cause);
            } else {
                LOG.error("pipeline '{}' failed: {}", pipeline, cause.toString(), cause);
            }
        } else if (failure != cause) {
            failure.addSuppressed(cause);
        }
    }

    /** A system that cannot be reached or an I/O failure (closed pipe, full disk), anywhere in the cause chain. */
    private static boolean isEnvironmental(Throwable cause) {
        if (ConnectivityException.inCauseChain(cause)) return true;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException) return true;
        }
        return false;
    }

    /**
     * A stage, the encoder or the sink rejected {@code event}, one of the ticket's events.
     *
     * @param where   who rejected it, used when the exception names no stage
     * @param encoded the record the sink rejected, or null
     * @param omitPayloadBecause why a dead-letter record must carry neither key nor value
     *                (see {@link DeadLetterGuard}), or null
     */
    void invalid(AckTracker.Ticket ticket, ChangeEvent event, InvalidDataException error, String where,
                 SinkRecord encoded, String omitPayloadBecause) {
        InvalidDataException reason = located(error, where, event);
        stats.error(reason.getMessage() + " (table " + event.table() + " at " + Positions.describe(event.position())
                + ", on_error: " + settings.onError().name().toLowerCase(java.util.Locale.ROOT) + ")");
        switch (settings.onError()) {
            case SKIP -> {
                stats.skipped();
                RejectionLog.Line line = rejections.next(event.table());
                if (line.written()) {
                    LOG.warn("pipeline '{}': skipped an event of table {} at {} (on_error: skip): {}{}",
                            pipeline, event.table(), Positions.describe(event.position()), reason.getMessage(),
                            line.suffix(event.table()));
                }
            }
            case STOP -> fatal(ticket, reason);
            case DEAD_LETTER -> {
                // As skip's line: a long-running pipeline's log says when records start going aside, not only its
                // final summary (the reason names no value: readers' reasons that may are withheld by then).
                // At most RejectionLog.LINES_PER_MINUTE lines a minute per table: a table whose every event goes
                // aside would otherwise log its whole backlog line by line.
                RejectionLog.Line line = rejections.next(event.table());
                if (line.written()) {
                    LOG.warn("pipeline '{}': wrote an event of table {} at {} to dead-letter topic '{}' (on_error:"
                                    + " dead_letter): {}{}", pipeline, event.table(),
                            Positions.describe(event.position()), settings.deadLetterTopic(), reason.getMessage(),
                            line.suffix(event.table()));
                }
                writer.writeDeadLetter(ticket,
                        DeadLetterRecords.build(settings.deadLetterTopic(), event, reason, encoded, omitPayloadBecause));
            }
        }
    }

    /** Handles every sink failure reported so far; returns how many there were. */
    int drainSinkFailures() {
        int handled = 0;
        SinkFailure f;
        while ((f = writer.pollFailure()) != null) {
            handled++;
            handle(f);
        }
        return handled;
    }

    private void handle(SinkFailure f) {
        SinkRecord record = f.record();
        if (f.deadLetter()) {
            if (f.error() instanceof InvalidDataException rejected && record.value() != null) {
                // The sink refused the dead-letter record itself, typically because the value that was too
                // large for the original topic is still in it: the reason and the key still go, without the value.
                LOG.warn("pipeline '{}': dead-letter topic '{}' rejected the record of table {} at {} ({});"
                                + " writing it without its value", pipeline, record.topic(), record.event().table(),
                        Positions.describe(record.event().position()), rejected.getMessage());
                writer.writeDeadLetter(f.ticket(), DeadLetterRecords.withoutValue(record, rejected));
                f.ticket().ack();
                return;
            }
            fatal(f.ticket(), new FatalException("cannot write to dead-letter topic '" + record.topic()
                    + "' the event of table " + record.event().table() + " at "
                    + Positions.describe(record.event().position()) + ": " + f.error(), f.error()));
        } else if (f.error() instanceof InvalidDataException invalid) {
            invalid(f.ticket(), record.event(), invalid, "sink", record, null);
            if (settings.onError() != ErrorPolicy.STOP) {
                // Skipped or replaced by its dead-letter record: the sink's own record is settled.
                f.ticket().unwritten(record.event());
                f.ticket().ack();
            }
        } else {
            fatal(f.ticket(), new FatalException("sink failed to write a record to topic '" + record.topic()
                    + "' (table " + record.event().table() + ", " + Positions.describe(record.event().position())
                    + "): " + f.error(), f.error()));
        }
    }

    /** The error with stage and table filled in where it left them out. */
    private static InvalidDataException located(InvalidDataException e, String where, ChangeEvent event) {
        if (e.stage() != null && e.table() != null) return e;
        return new InvalidDataException(e.stage() != null ? e.stage() : where,
                e.table() != null ? e.table() : event.table(), e.field(), e.reason(), e);
    }
}
