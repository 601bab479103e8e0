package io.cdctoolkit.engine.source.monitor;

/** Something that watches a source beside its reader and publishes meters; never on the event path. */
public interface SourceMonitor extends AutoCloseable {

    /** Starts watching (after the reader started). Must not throw. */
    void start();

    /** Stops watching and releases what it holds. Must not throw. */
    @Override
    void close();
}
