package io.cdctoolkit.engine.source.debezium;

/**
 * What a source writes to its database once backfill requests were sent (at a start, or while it runs), so that an
 * idle database does not hold them back: Debezium's PostgreSQL connector, restarted, first searches the slot for the
 * record after its saved position and takes no signal before it has found one (its stream pauses for a blocking
 * snapshot only in the loop after that search; heartbeats' messages do not end it), so on a database where nothing has
 * changed since the start the backfill would wait for the first change — also one asked for hours into the run.
 */
@FunctionalInterface
public interface BackfillWake {

    /** Nothing to write (the binlog connectors take signals on an idle server). */
    BackfillWake NONE = () -> {
    };

    /** Writes it; a failure is logged and the backfill waits for the database's next change. */
    void wake() throws Exception;
}
