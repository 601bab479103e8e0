package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The snapshot on several connections ({@code snapshot_connections} above 1), each inside the same exported
 * snapshot: one worker thread per connection takes the next {@link CopyRange} not yet taken (in the order of
 * {@link CopyRanges#plan}), runs its COPY and decodes its rows into that range's buffer; {@link #next} hands
 * the rows over range after range in that order, so the events' order (and Debezium's markers) do not depend on
 * which worker was faster. Memory stays bounded: a worker waits while its range's buffer is full, and ranges
 * are taken in order, so the range {@link #next} waits for is always being read.
 */
final class ParallelCopy implements SnapshotRows {

    private static final int BATCH_ROWS = 256;
    private static final int BATCHES_PER_RANGE = 4;
    private static final long WAIT_MS = 100;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /** A range's last batch (compared by identity). */
    private static final List<SnapshotRow> END = new ArrayList<>(0);

    private final List<RelationPlan> tables;
    private final List<CopyRange> ranges;
    private final List<BlockingQueue<List<SnapshotRow>>> buffers;
    private final List<Connection> connections;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger nextRange = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;

    private int rangeIndex;
    private List<SnapshotRow> batch = List.of();
    private int inBatch;

    /**
     * Starts one worker per connection.
     *
     * @param connections each inside the snapshot transaction; closed by {@link #close()}
     * @param threadName  the workers' names' prefix
     */
    ParallelCopy(List<Connection> connections, List<RelationPlan> tables, List<CopyRange> ranges, String threadName) {
        this.connections = List.copyOf(connections);
        this.tables = tables;
        this.ranges = List.copyOf(ranges);
        this.buffers = new ArrayList<>(ranges.size());
        for (int r = 0; r < ranges.size(); r++) buffers.add(new ArrayBlockingQueue<>(BATCHES_PER_RANGE));
        for (int i = 0; i < this.connections.size(); i++) {
            Connection connection = this.connections.get(i);
            Thread worker = new Thread(() -> work(connection), threadName + "-" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
    }

    @Override
    public SnapshotRow next() throws SQLException, IOException {
        while (true) {
            if (inBatch < batch.size()) return batch.get(inBatch++);
            if (rangeIndex >= ranges.size()) return null;
            List<SnapshotRow> taken = take(buffers.get(rangeIndex));
            if (taken == END) {
                buffers.set(rangeIndex++, null);
                continue;
            }
            batch = taken;
            inBatch = 0;
        }
    }

    private List<SnapshotRow> take(BlockingQueue<List<SnapshotRow>> buffer) throws SQLException, IOException {
        try {
            while (true) {
                throwIfFailed();
                List<SnapshotRow> taken = buffer.poll(WAIT_MS, TimeUnit.MILLISECONDS);
                if (taken != null) return taken;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the snapshot's rows");
        }
    }

    /** A worker's failure, as the same kind of exception the one-connection snapshot throws. */
    private void throwIfFailed() throws SQLException, IOException {
        Throwable e = failure.get();
        if (e == null) return;
        String message = "snapshot COPY failed: " + e.getMessage();
        if (e instanceof SQLException sql) throw new SQLException(message, sql.getSQLState(), sql);
        if (e instanceof IOException) throw new IOException(message, e);
        if (e instanceof RuntimeException runtime) throw runtime;
        throw new IOException(message, e);
    }

    private void work(Connection connection) {
        try {
            PGConnection pg = connection.unwrap(PGConnection.class);
            int r;
            while (!closed && (r = nextRange.getAndIncrement()) < ranges.size()) {
                if (!copy(pg, r)) return;
            }
            // No range left: end the transaction now, so the server does not keep its snapshot until the others end.
            if (!closed) connection.close();
        } catch (Throwable e) {
            if (!closed) failure.compareAndSet(null, e); // after close, failures are the aborted connections'
        }
    }

    /** Reads range {@code r} into its buffer; false when closed meanwhile. */
    private boolean copy(PGConnection pg, int r) throws SQLException, IOException, InterruptedException {
        CopyRange range = ranges.get(r);
        RelationPlan plan = tables.get(range.table());
        BlockingQueue<List<SnapshotRow>> buffer = buffers.get(r);
        try (CopyBinaryRows copy = new CopyBinaryRows(pg.getCopyAPI().copyOut(range.statement()))) {
            List<SnapshotRow> rows = new ArrayList<>(BATCH_ROWS);
            for (TupleData tuple = copy.next(); tuple != null; tuple = copy.next()) {
                rows.add(SnapshotRow.decode(range.table(), plan, tuple)); // decoding here is what runs in parallel
                if (rows.size() == BATCH_ROWS) {
                    if (!put(buffer, rows)) return false;
                    rows = new ArrayList<>(BATCH_ROWS);
                }
            }
            return (rows.isEmpty() || put(buffer, rows)) && put(buffer, END);
        }
    }

    /** Waits for room in the range's buffer; false when closed meanwhile (an interrupt is a failure, see {@link #work}). */
    private boolean put(BlockingQueue<List<SnapshotRow>> buffer, List<SnapshotRow> rows) throws InterruptedException {
        while (!closed) {
            if (buffer.offer(rows, WAIT_MS, TimeUnit.MILLISECONDS)) return true;
        }
        return false;
    }

    /**
     * Stops the workers: a worker still reading has its connection aborted (its socket closed, so a COPY blocked
     * on the server returns at once); waits for them at most {@link #CLOSE_WAIT}, then closes the connections.
     */
    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < workers.size(); i++) {
            if (!workers.get(i).isAlive()) continue;
            try {
                connections.get(i).abort(Runnable::run);
            } catch (SQLException e) {
                // closed below anyway
            }
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException e) {
                // An aborted or terminated connection: its transaction only read, nothing is lost with it.
            }
        }
    }
}
