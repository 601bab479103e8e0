package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.source.postgres.pgoutput.SessionTimeouts;
import io.cdctoolkit.engine.spi.ConnectivityException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Looks at a source server's catalog views now and then, from a daemon thread of its own (never the pipeline's) and
 * on a connection of its own, kept open between looks. The connection sits idle between looks, so it turns off the
 * database's {@code idle_session_timeout} (PostgreSQL 14+), which would otherwise end it before every next look; a
 * look whose kept connection failed anyway (a server restart, a proxy's idle timeout) is tried once more on a new
 * connection, so one lost connection does not make a look come back empty.
 */
final class CatalogLookout implements AutoCloseable {

    private final Jdbc jdbc;
    private final String threadName;
    private ScheduledExecutorService thread;
    /** Used by one look at a time: the looks run on {@link #thread}, or on the caller's thread before a start. */
    private Connection connection;

    CatalogLookout(Jdbc jdbc, String threadName) {
        this.jdbc = jdbc;
        this.threadName = threadName;
    }

    /**
     * Runs {@code look} after {@code first}, then again each time after the delay {@code next} gives; a second start
     * before a {@link #close()} does nothing. {@code look} handles its own failures.
     */
    synchronized void start(Duration first, Supplier<Duration> next, Runnable look) {
        if (thread != null) return;
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        thread = started;
        Runnable again = new Runnable() {
            @Override
            public void run() {
                look.run();
                try {
                    started.schedule(this, next.get().toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closed) {
                    // close() shut the thread down meanwhile
                }
            }
        };
        started.schedule(again, first.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code query} on the kept connection (opened when there is none); when a kept connection fails, once more
     * on a new one. A failure closes the connection and is thrown.
     */
    <T> T query(Jdbc.Work<T> query) throws SQLException, ConnectivityException {
        boolean kept = connection != null;
        if (!kept) connection = open();
        try {
            return query.run(connection);
        } catch (SQLException e) {
            closeConnection();
            if (!kept) throw e;
        }
        connection = open();
        try {
            return query.run(connection);
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
    }

    private Connection open() throws SQLException, ConnectivityException {
        Connection opened = jdbc.open();
        try {
            SessionTimeouts.turnOffIdleSession(opened);
            return opened;
        } catch (SQLException e) {
            opened.close();
            throw e;
        }
    }

    /** Stops the looks (waiting up to 5 s for one under way) and closes the connection; a new start may follow. */
    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        closeConnection();
    }

    private void closeConnection() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // a broken connection: nothing more to close
        }
        connection = null;
    }
}
