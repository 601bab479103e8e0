package io.cdctoolkit.sinks.stream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Writes records as JSON lines to standard output (which it flushes but never closes). */
final class StdoutSink extends JsonLinesSink {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final OutputStream target;

    /** @param target {@code System.out}, or a stream a test reads */
    StdoutSink(OutputStream target, boolean pretty) {
        super("stdout", pretty);
        this.target = target;
    }

    @Override
    protected OutputStream openStream() {
        // Our own buffer: System.out is an auto-flushing PrintStream that would flush per write.
        return new BufferedOutputStream(target, BUFFER_BYTES);
    }

    @Override
    protected void closeStream(OutputStream stream) throws IOException {
        stream.flush();
    }
}
