package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A reader that passes every call to another: the base of wrappers that add something around a
 * reader's life (a lock held until close, monitors run beside it) and leave the event path as it is.
 * Subclasses override {@link #start()} or {@link #close()} and call the super method.
 */
public abstract class ForwardingReader implements CdcReader {

    private final CdcReader reader;

    /** @param reader the reader every call goes to */
    protected ForwardingReader(CdcReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** The reader every call goes to (itself perhaps a wrapper): which engine runs, for diagnostics and tests. */
    public CdcReader wrapped() {
        return reader;
    }

    @Override
    public void start() throws Exception {
        reader.start();
    }

    @Override
    public List<ChangeEvent> poll(Duration timeout) throws Exception {
        return reader.poll(timeout);
    }

    @Override
    public boolean isExhausted() {
        return reader.isExhausted();
    }

    @Override
    public void commit(SourcePosition position) throws Exception {
        reader.commit(position);
    }

    @Override
    public void close() throws Exception {
        reader.close();
    }

    @Override
    public String toString() {
        return reader.toString();
    }
}
