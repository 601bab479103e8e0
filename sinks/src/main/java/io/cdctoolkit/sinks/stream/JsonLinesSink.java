package io.cdctoolkit.sinks.stream;

import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * A sink that writes each record as a JSON line ({@link JsonLineWriter}) to an output stream, shared by
 * the stdout and file sinks.
 *
 * <p>One writer thread takes whatever records are queued (up to {@value #MAX_GROUP}), writes them,
 * flushes the stream once, and only then runs their callbacks: a record is acknowledged only after its
 * line was flushed, under load many lines share one flush, and at a trickle every line is visible at
 * once. A record whose payload cannot be rendered is rejected with {@link InvalidDataException}; a
 * stream failure fails that record and every later one (the stream is broken).
 */
abstract class JsonLinesSink implements Sink {

    static final int QUEUE_CAPACITY = 8192;
    static final int MAX_GROUP = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesSink.class);

    /** What the writer thread takes from the queue. */
    private sealed interface Item permits Write, Barrier {
    }

    private record Write(SinkRecord record, Callback callback) implements Item {
    }

    /** Released once everything queued before it was flushed and acknowledged; {@code stop} ends the thread. */
    private record Barrier(CountDownLatch done, boolean stop) implements Item {
    }

    private final String name;
    private final JsonLineWriter lines;
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private OutputStream out;
    private volatile Thread worker;
    private IOException streamFailure;

    /**
     * @param name   sink name for errors and the writer thread's name
     * @param pretty indent records over several lines
     */
    JsonLinesSink(String name, boolean pretty) {
        this.name = name;
        this.lines = new JsonLineWriter(name, pretty);
    }

    /** Opens the (buffered) stream the lines go to. */
    protected abstract OutputStream openStream() throws IOException;

    /** Releases the stream at close (after the last flush). */
    protected abstract void closeStream(OutputStream stream) throws IOException;

    @Override
    public synchronized void open() throws IOException {
        if (worker != null) throw new IllegalStateException(name + " sink is already open");
        out = openStream();
        worker = new Thread(this::drain, "cdc-sink-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void write(SinkRecord record, Callback callback) {
        if (worker == null) throw new IllegalStateException(name + " sink: write before open()");
        try {
            queue.put(new Write(record, callback));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.onComplete(new InterruptedIOException(name + " sink: interrupted while queueing a record"));
        }
    }

    @Override
    public void flush() throws InterruptedException {
        if (worker == null) return;
        awaitBarrier(false);
    }

    @Override
    public synchronized void close() throws IOException {
        if (worker == null) return;
        try {
            awaitBarrier(true);
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(name + " sink: interrupted while closing");
        }
        worker = null;
        if (streamFailure == null) {
            closeStream(out);
            return;
        }
        // The failure already reached every affected callback; closing a broken stream only repeats it.
        try {
            closeStream(out);
        } catch (IOException e) {
            LOG.debug("{} sink: closing the failed stream: {}", name, e.toString());
        }
    }

    private void awaitBarrier(boolean stop) throws InterruptedException {
        Barrier barrier = new Barrier(new CountDownLatch(1), stop);
        queue.put(barrier);
        barrier.done().await();
    }

    /** The writer thread: group, write, flush once, acknowledge. */
    private void drain() {
        List<Item> group = new ArrayList<>(MAX_GROUP);
        List<Write> written = new ArrayList<>(MAX_GROUP);
        List<Exception> results = new ArrayList<>(MAX_GROUP);
        while (true) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                LOG.warn("{} sink writer interrupted; records still queued are not written", name);
                return;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            for (Item item : group) {
                if (item instanceof Write w) {
                    written.add(w);
                    results.add(writeLine(w.record()));
                } else {
                    Barrier barrier = (Barrier) item;
                    flushAndAcknowledge(written, results);
                    barrier.done().countDown();
                    if (barrier.stop()) return;
                }
            }
            flushAndAcknowledge(written, results);
            group.clear();
        }
    }

    private Exception writeLine(SinkRecord record) {
        if (streamFailure != null) return streamFailure;
        try {
            out.write(lines.render(record));
            return null;
        } catch (InvalidDataException e) {
            return e;
        } catch (IOException e) {
            streamFailure = new IOException(name + " sink: cannot write: " + e.getMessage(), e);
            return streamFailure;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void flushAndAcknowledge(List<Write> written, List<Exception> results) {
        if (written.isEmpty()) return;
        if (streamFailure == null) {
            try {
                out.flush();
            } catch (IOException e) {
                streamFailure = new IOException(name + " sink: cannot flush: " + e.getMessage(), e);
            }
        }
        for (int i = 0; i < written.size(); i++) {
            Exception result = results.get(i);
            if (result == null && streamFailure != null) result = streamFailure;
            try {
                written.get(i).callback().onComplete(result);
            } catch (RuntimeException e) {
                LOG.error("{} sink: a write callback threw", name, e);
            }
        }
        written.clear();
        results.clear();
    }
}
