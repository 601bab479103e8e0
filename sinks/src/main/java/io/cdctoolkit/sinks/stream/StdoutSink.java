package io.cdctoolkit.sinks.stream;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

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
        return new BufferedOutputStream(failingOnError(target), BUFFER_BYTES);
    }

    @Override
    protected void closeStream(OutputStream stream) throws IOException {
        stream.flush();
    }

    /**
     * A {@link PrintStream} (System.out) swallows I/O errors — a closed pipe ({@code run … | head})
     * included — and only remembers them for {@link PrintStream#checkError()}: ask after every write
     * and flush, so the records of a failed write are never acknowledged.
     */
    private static OutputStream failingOnError(OutputStream target) {
        if (!(target instanceof PrintStream print)) return target;
        return new FilterOutputStream(print) {
            @Override
            public void write(int b) throws IOException {
                print.write(b);
                check();
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                print.write(bytes, offset, length);
                check();
            }

            @Override
            public void flush() throws IOException {
                check(); // checkError() flushes first
            }

            @Override
            public void close() throws IOException {
                flush(); // standard output stays open
            }

            private void check() throws IOException {
                if (print.checkError()) {
                    throw new IOException("standard output is closed or failed (e.g. the reader of the pipe exited)");
                }
            }
        };
    }
}
