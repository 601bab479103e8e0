package io.cdctoolkit.engine.source.debezium;

/**
 * Asked each time committed records are about to go to Debezium, whose offsets then pass them (and, for PostgreSQL,
 * confirm their LSN to the slot, which lets the server discard what came before). A source whose engine skips changes
 * it should not (Debezium drops the changes of tables its filter does not match, without a trace) stops here instead,
 * while the offsets still hold those changes. Runs on the reader's offset thread, never on the pipeline's.
 */
public interface OffsetHandoverCheck extends AutoCloseable {

    /** Nothing to check. */
    OffsetHandoverCheck NONE = () -> { };

    /**
     * Called before records delivered so far are handed over.
     *
     * @throws Exception when they must not be: the reader stops with it, and nothing after the last handover is
     *                   committed
     */
    void beforeHandover() throws Exception;

    /** Releases what the check holds (e.g. a connection); after the reader stops. */
    @Override
    default void close() {
    }
}
