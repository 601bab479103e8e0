package io.cdctoolkit.engine.source.debezium;

/**
 * What a source writes to its database once the backfills waiting at a start were sent, so that an idle database does
 * not hold them back: Debezium's PostgreSQL connector, restarted, first searches the slot for the record after its
 * saved position and takes no signal before it has found one (its stream pauses for a blocking snapshot only in the
 * loop after that search), so on a database where nothing changes the backfill would wait for the first change.
 */
@FunctionalInterface
public interface BackfillWake {

    /** Nothing to write (the binlog connectors take signals on an idle server). */
    BackfillWake NONE = () -> {
    };

    /** Writes it; a failure is logged and the backfill waits for the database's next change. */
    void wake() throws Exception;
}
