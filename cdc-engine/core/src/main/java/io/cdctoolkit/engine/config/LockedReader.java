package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ForwardingReader;
import io.cdctoolkit.engine.state.StateLock;

/** A reader that holds the lock of its source's state until it is closed. */
final class LockedReader extends ForwardingReader {

    private final StateLock lock;

    LockedReader(CdcReader reader, StateLock lock) {
        super(reader);
        this.lock = lock;
    }

    /** Closes the reader, then releases the lock (also when the close failed). */
    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            lock.close();
        }
    }
}
