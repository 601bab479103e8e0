package io.cdctoolkit.engine.spi;

/**
 * Where encoded records go (Kafka, stdout, a file). Writes are asynchronous: each record's callback
 * runs exactly once, when the record is durably accepted or has definitely failed.
 *
 * <p>Failure contract for callbacks: an {@link InvalidDataException} means this record was rejected
 * and others may still succeed (the pipeline applies {@code on_error}); any other exception is fatal
 * for the pipeline. Transient failures are retried inside the sink before a callback reports them.
 */
public interface Sink extends AutoCloseable {

    /** Connects; called once before the first write. */
    void open() throws Exception;

    /** Sends a record; may block when the sink's own buffer is full. */
    void write(SinkRecord record, Callback callback);

    /** Blocks until every record written so far has had its callback run. */
    void flush() throws Exception;

    @Override
    void close() throws Exception;

    /** Completion of one write. */
    @FunctionalInterface
    interface Callback {
        /** @param error null on success */
        void onComplete(Exception error);
    }
}
