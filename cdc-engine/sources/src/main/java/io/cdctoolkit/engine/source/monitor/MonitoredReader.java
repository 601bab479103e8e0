package io.cdctoolkit.engine.source.monitor;

import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ForwardingReader;

import java.util.List;

/**
 * A reader with monitors that run beside it (a slot poller on its own connection): started after the
 * reader starts, closed before it closes. Every other call goes straight to the reader, so the event
 * path costs nothing more.
 */
public final class MonitoredReader extends ForwardingReader {

    private final List<SourceMonitor> monitors;

    /** {@code reader}, watched by {@code monitors} while it runs. */
    public MonitoredReader(CdcReader reader, List<SourceMonitor> monitors) {
        super(reader);
        this.monitors = List.copyOf(monitors);
    }

    @Override
    public void start() throws Exception {
        super.start();
        monitors.forEach(SourceMonitor::start);
    }

    @Override
    public void close() throws Exception {
        monitors.forEach(SourceMonitor::close);
        super.close();
    }
}
