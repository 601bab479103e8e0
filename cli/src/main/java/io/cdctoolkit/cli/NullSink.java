package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkRecord;

/**
 * {@code bench}'s sink: accepts every record at once and keeps nothing but counts, so what is
 * measured ends where a real sink's I/O would begin. The byte count keeps the JIT from discarding
 * the encoded payloads as unused.
 */
final class NullSink implements Sink {

    private long records;
    private long bytes;

    @Override
    public void open() {
    }

    @Override
    public void write(SinkRecord record, Callback callback) {
        records++;
        bytes += record.sizeInBytes();
        callback.onComplete(null);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    long records() {
        return records;
    }

    long bytes() {
        return bytes;
    }
}
