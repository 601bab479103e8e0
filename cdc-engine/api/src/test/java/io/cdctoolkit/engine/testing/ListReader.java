package io.cdctoolkit.engine.testing;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.spi.CdcReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An in-memory {@link CdcReader}: emits the given events in batches of at most {@code batchSize} and
 * records every {@link #commit} call. A bounded reader is exhausted once it emitted its events; an
 * unbounded one waits (up to the poll timeout) for {@link #append appended} events forever, like a
 * streaming source. Thread-safe, so a test can inspect it while a pipeline runs it.
 */
public final class ListReader implements CdcReader {

    private final LinkedBlockingQueue<ChangeEvent> queue;
    private final int batchSize;
    private final boolean bounded;
    private final List<SourcePosition> commits = new CopyOnWriteArrayList<>();
    private final AtomicInteger polledEvents = new AtomicInteger();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger pollFailuresLeft = new AtomicInteger();
    private volatile Supplier<? extends Exception> pollFailure;
    private volatile boolean started;
    private volatile boolean closed;

    private ListReader(Collection<ChangeEvent> events, int batchSize, boolean bounded) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be positive");
        this.queue = new LinkedBlockingQueue<>(events);
        this.batchSize = batchSize;
        this.bounded = bounded;
    }

    /** A reader that emits {@code events} in batches of {@code batchSize}, then is exhausted. */
    public static ListReader bounded(List<ChangeEvent> events, int batchSize) {
        return new ListReader(events, batchSize, true);
    }

    /** A reader that emits {@code events}, then anything {@link #append appended}, and never ends. */
    public static ListReader unbounded(List<ChangeEvent> events, int batchSize) {
        return new ListReader(events, batchSize, false);
    }

    /** More events for the next polls. */
    public void append(ChangeEvent... events) {
        queue.addAll(List.of(events));
    }

    /** The next {@code times} polls throw what {@code failure} makes (e.g. a RetryableException). */
    public void failNextPolls(int times, Supplier<? extends Exception> failure) {
        this.pollFailure = failure;
        pollFailuresLeft.set(times);
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public List<ChangeEvent> poll(Duration timeout) throws Exception {
        if (!started || closed) throw new IllegalStateException("poll on a reader that is not started or closed");
        polls.incrementAndGet();
        if (pollFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) throw pollFailure.get();
        List<ChangeEvent> batch = new ArrayList<>(batchSize);
        if (bounded) {
            queue.drainTo(batch, batchSize);
        } else {
            ChangeEvent first = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
            }
        }
        polledEvents.addAndGet(batch.size());
        return batch;
    }

    @Override
    public boolean isExhausted() {
        return bounded && queue.isEmpty();
    }

    @Override
    public void commit(SourcePosition position) {
        if (closed) throw new IllegalStateException("commit after close: " + position);
        commits.add(position);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Every position passed to commit, in order. */
    public List<SourcePosition> commits() {
        return List.copyOf(commits);
    }

    /** The last committed position, or null. */
    public SourcePosition lastCommit() {
        List<SourcePosition> all = commits();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** How many times poll was called (failed polls included). */
    public int polls() {
        return polls.get();
    }

    /** How many events polls have returned. */
    public int polledEvents() {
        return polledEvents.get();
    }

    public boolean started() {
        return started;
    }

    public boolean closed() {
        return closed;
    }
}
