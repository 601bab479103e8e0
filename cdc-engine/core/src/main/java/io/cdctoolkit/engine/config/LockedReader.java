package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.state.StateLock;

import java.time.Duration;
import java.util.List;

/** A reader that holds the lock of its source's state until it is closed. */
final class LockedReader implements CdcReader {

    private final CdcReader reader;
    private final StateLock lock;

    LockedReader(CdcReader reader, StateLock lock) {
        this.reader = reader;
        this.lock = lock;
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

    /** Closes the reader, then releases the lock (also when the close failed). */
    @Override
    public void close() throws Exception {
        try {
            reader.close();
        } finally {
            lock.close();
        }
    }
}
