package io.cdctoolkit.engine.testing;

import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An in-memory {@link Sink} that records every write. In {@link #acking()} mode it completes each
 * callback during {@code write} (failing the records a {@link #failing} rule picks); in
 * {@link #holding()} mode it keeps the callbacks until the test {@link #complete completes} or
 * {@link #fail fails} them, in any order, from its own thread (as a producer's I/O thread would).
 * {@link #flush()} blocks until no callback is outstanding. Thread-safe.
 */
public final class RecordingSink implements Sink {

    private final boolean holding;
    private final List<SinkRecord> records = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private final List<SinkRecord> acknowledged = new ArrayList<>();
    private Predicate<SinkRecord> failWhen = r -> false;
    private Function<SinkRecord, Exception> failure;
    private int outstanding;
    private int running;
    private int maxOutstanding;
    private int flushes;
    private boolean opened;
    private boolean closed;

    private RecordingSink(boolean holding) {
        this.holding = holding;
    }

    /** A sink that acknowledges every record as it is written. */
    public static RecordingSink acking() {
        return new RecordingSink(false);
    }

    /** A sink that holds every callback until the test completes it. */
    public static RecordingSink holding() {
        return new RecordingSink(true);
    }

    /** In acking mode, fails the records {@code which} picks with the exception {@code error} makes. */
    public synchronized RecordingSink failing(Predicate<SinkRecord> which, Function<SinkRecord, Exception> error) {
        this.failWhen = which;
        this.failure = error;
        return this;
    }

    @Override
    public synchronized void open() {
        opened = true;
    }

    @Override
    public void write(SinkRecord record, Callback callback) {
        Exception error;
        int index;
        synchronized (this) {
            if (!opened || closed) throw new IllegalStateException("write to a sink that is not open");
            records.add(record);
            callbacks.add(callback);
            index = records.size() - 1;
            outstanding++;
            maxOutstanding = Math.max(maxOutstanding, outstanding);
            notifyAll();
            if (holding) return;
            error = failWhen.test(record) ? failure.apply(record) : null;
        }
        settle(index, error);
    }

    @Override
    public synchronized void flush() throws InterruptedException {
        flushes++;
        while (outstanding > 0 || running > 0) wait();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Completes the callback of write number {@code index} (0-based) successfully. */
    public void complete(int index) {
        settle(index, null);
    }

    /** Completes the callback of write number {@code index} with {@code error}. */
    public void fail(int index, Exception error) {
        settle(index, error);
    }

    /** Completes every callback still held, in write order. */
    public void completeAll() {
        List<Integer> open = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < callbacks.size(); i++) if (callbacks.get(i) != null) open.add(i);
        }
        open.forEach(this::complete);
    }

    /** Waits until at least {@code count} records were written. */
    public void awaitWrites(int count) {
        Await.until(count + " writes", () -> writes() >= count, this::writes);
    }

    public synchronized List<SinkRecord> records() {
        return List.copyOf(records);
    }

    /** Records whose callback completed without error, in completion order. */
    public synchronized List<SinkRecord> acknowledged() {
        return List.copyOf(acknowledged);
    }

    public synchronized int writes() {
        return records.size();
    }

    /** Records written whose callback has not been started yet. */
    public synchronized int outstanding() {
        return outstanding;
    }

    /** The most records ever outstanding at once. */
    public synchronized int maxOutstanding() {
        return maxOutstanding;
    }

    public synchronized int flushes() {
        return flushes;
    }

    public synchronized boolean opened() {
        return opened;
    }

    public synchronized boolean closed() {
        return closed;
    }

    private void settle(int index, Exception error) {
        Callback callback;
        synchronized (this) {
            callback = callbacks.get(index);
            if (callback == null) throw new IllegalStateException("callback of write " + index + " already ran");
            callbacks.set(index, null);
            if (error == null) acknowledged.add(records.get(index));
            outstanding--;
            running++;
        }
        // Outside the lock, as a producer's callback runs outside its buffers' locks.
        try {
            callback.onComplete(error);
        } finally {
            synchronized (this) {
                running--;
                notifyAll();
            }
        }
    }
}
