package io.cdctoolkit.engine.spi;

import java.util.List;

/**
 * A source that can read captured tables' rows again on request (the {@code backfill} CLI command): a consumer lost a
 * topic, or a table's records need reading afresh, without snapshotting every table — at its next start, or, while it
 * runs, at once. Implemented by a {@link SourceFactory} whose reader can.
 */
public interface TableBackfills {

    /**
     * Records in the source's saved state that its next start reads the rows of {@code tables} again, before it streams;
     * or, with {@code running}, leaves the request for the run that holds the source's state (its reader takes it within
     * a second or so and reads the rows between the transactions of its stream).
     *
     * @param where   SQL condition over the tables' columns selecting the rows to read (the others are not read), or
     *                null for every row
     * @param running whether a run holds the source's state lock: without it the caller holds that lock, so that no
     *                reader starting meanwhile overwrites the state with its own
     * @param tables the tables, named as {@code include_tables} names them (a name without a schema or database gets
     *               the source's default one)
     * @return what the next start does, a sentence for the user
     * @throws ConfigException          when the options cannot read tables again (naming the option and the fix)
     * @throws IllegalArgumentException when the request cannot be taken: a name that is not a table the source
     *                                  captures (the message says which, and the nearest captured name), or saved state
     *                                  the next start would not read it from (the message says what to do)
     * @throws ConnectivityException    when the database, or the store of the source's offsets, cannot be reached
     */
    String requestBackfill(Options options, ComponentContext context, List<String> tables, String where, boolean running)
            throws ConfigException, ConnectivityException;
}
