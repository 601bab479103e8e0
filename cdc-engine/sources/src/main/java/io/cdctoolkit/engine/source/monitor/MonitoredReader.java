package io.cdctoolkit.engine.source.monitor;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.spi.CdcReader;

import java.time.Duration;
import java.util.List;

/**
 * A reader with monitors that run beside it (a slot poller on its own connection): started after the
 * reader starts, closed before it closes. Every other call goes straight to the reader, so the event
 * path costs nothing more.
 */
public final class MonitoredReader implements CdcReader {

    private final CdcReader reader;
    private final List<SourceMonitor> monitors;

    /** {@code reader}, watched by {@code monitors} while it runs. */
    public MonitoredReader(CdcReader reader, List<SourceMonitor> monitors) {
        this.reader = reader;
        this.monitors = List.copyOf(monitors);
    }

    @Override
    public void start() throws Exception {
        reader.start();
        monitors.forEach(SourceMonitor::start);
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
        monitors.forEach(SourceMonitor::close);
        reader.close();
    }

    @Override
    public String toString() {
        return reader.toString();
    }
}
