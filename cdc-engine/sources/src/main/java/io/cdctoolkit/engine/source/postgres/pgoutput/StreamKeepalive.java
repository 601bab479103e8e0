package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.postgresql.replication.PGReplicationStream;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Answers the server while the pipeline does not poll. pgjdbc sends standby status updates only from
 * within {@code read}/{@code readPending}, so a pipeline blocked on its sink for longer than the server's
 * {@code wal_sender_timeout} (60 s by default) would have its walsender ended and the source failed; the
 * Debezium engine has a keep-alive thread for the same reason. Every use of the stream holds this lock;
 * a timer sends a status update (with the LSNs already set on the stream: it never confirms anything new)
 * when the stream has not been used for {@code idle}. pgjdbc's stream is not thread-safe: the lock is
 * what makes the timer's one call safe, and the timer only tries it, never waiting for a poll.
 */
final class StreamKeepalive implements AutoCloseable {

    private final ReentrantLock lock = new ReentrantLock();
    private final Duration idle;
    private final ScheduledExecutorService timer;
    private PGReplicationStream stream; // guarded by lock
    private long lastUseNanos = System.nanoTime(); // guarded by lock
    private volatile SQLException failure;

    StreamKeepalive(String threadName, Duration idle) {
        this.idle = idle;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, idle.toMillis() / 2);
        timer.scheduleWithFixedDelay(this::answerIfIdle, every, every, TimeUnit.MILLISECONDS);
    }

    /** The stream to keep alive from now on. */
    void attach(PGReplicationStream stream) {
        lock.lock();
        try {
            this.stream = stream;
            lastUseNanos = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the stream for the caller's thread (the timer stays off it until {@link #release}). */
    void acquire() throws SQLException {
        lock.lock();
        SQLException failed = failure;
        if (failed != null) {
            lock.unlock();
            throw new SQLException("the replication connection failed while the pipeline was not polling: "
                    + failed.getMessage(), failed);
        }
    }

    /** Gives the stream back; the idle time starts now. */
    void release() {
        lastUseNanos = System.nanoTime();
        lock.unlock();
    }

    private void answerIfIdle() {
        if (!lock.tryLock()) return; // in use: pgjdbc answers the server itself
        try {
            if (stream == null || failure != null || System.nanoTime() - lastUseNanos < idle.toNanos()) return;
            stream.forceUpdateStatus();
        } catch (SQLException e) {
            failure = e; // thrown to the pipeline at its next use of the stream
        } finally {
            lock.unlock();
        }
    }

    /** Stops the timer (the stream itself is closed by its owner). */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
