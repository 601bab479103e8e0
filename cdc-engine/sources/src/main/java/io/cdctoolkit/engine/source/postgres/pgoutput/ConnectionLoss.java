package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;

/**
 * Whether a failure is the loss of a connection to the server (it ended the session, restarted, or the
 * network failed), which a new connection can cure, as opposed to an error the server reported about
 * the work itself (a missing slot, a refused option, an unreadable value), which a retry would repeat.
 */
final class ConnectionLoss {

    private ConnectionLoss() {
    }

    /** Whether {@code failure} or one of its causes says the connection was lost or could not be made. */
    static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) return true;
            if (t instanceof SocketException || t instanceof EOFException) return true;
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception: pgjdbc's "connection failed when reading from copy", a refused
     * connection) and the server's own ends of a session: 57P01 {@code admin_shutdown} (a server shutting down,
     * {@code pg_terminate_backend}), 57P02 {@code crash_shutdown}, 57P03 {@code cannot_connect_now} (starting up).
     */
    private static boolean isConnectionState(String state) {
        if (state == null) return false;
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }
}
