package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.ForwardingReader;

/**
 * A PostgreSQL reader whose start is watched by a {@link SlotCreationWait}: a start held by a transaction the slot's
 * creation waits for says so (WARN, and in the failure of a start that times out) — either engine: both create the
 * slot in their start. With {@code cancelAbandoned}, a close during the start also cancels the creation on the
 * server, so the next start does not wait behind it: for the native engine, whose close ends its start at once. Not
 * for the Debezium engine: its task retries a failed creation by itself (six times, ten seconds apart) and the engine
 * refuses to stop while its task starts, so a cancel would only start the wait again.
 */
final class SlotCreationWatchedReader extends ForwardingReader {

    private final SlotCreationWait wait;
    private final boolean cancelAbandoned;
    private volatile boolean starting;

    SlotCreationWatchedReader(CdcReader reader, SlotCreationWait wait, boolean cancelAbandoned) {
        super(reader);
        this.wait = wait;
        this.cancelAbandoned = cancelAbandoned;
    }

    @Override
    public void start() throws Exception {
        starting = true;
        wait.start();
        try {
            super.start();
        } catch (FatalException e) {
            String awaited = wait.awaited().orElse(null);
            if (awaited == null) throw e;
            throw new FatalException(e.getMessage() + "; " + awaited, e);
        } finally {
            starting = false;
            wait.close();
        }
    }

    @Override
    public void close() throws Exception {
        boolean abandoned = starting && cancelAbandoned;
        try {
            super.close();
        } finally {
            if (abandoned) wait.cancelCreation();
        }
    }
}
