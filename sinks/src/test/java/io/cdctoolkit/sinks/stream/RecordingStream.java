package io.cdctoolkit.sinks.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** An output stream that tells what was written from what was flushed, and can be made to fail. */
final class RecordingStream extends OutputStream {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteArrayOutputStream flushed = new ByteArrayOutputStream();
    private int flushes;
    private boolean failing;
    private boolean closed;

    @Override
    public synchronized void write(int b) throws IOException {
        if (failing) throw new IOException("disk full");
        pending.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (failing) throw new IOException("disk full");
        pending.write(b, off, len);
    }

    @Override
    public synchronized void flush() {
        flushes++;
        flushed.writeBytes(pending.toByteArray());
        pending.reset();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    synchronized String flushedText() {
        return flushed.toString(StandardCharsets.UTF_8);
    }

    synchronized int flushes() {
        return flushes;
    }

    synchronized boolean closed() {
        return closed;
    }

    synchronized void failFromNowOn() {
        failing = true;
    }
}
