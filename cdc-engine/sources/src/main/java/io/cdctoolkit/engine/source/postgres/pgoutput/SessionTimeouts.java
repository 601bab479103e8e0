package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Turns off the session timeouts a database or role may set by default ({@code ALTER DATABASE app SET
 * statement_timeout = '30s'} is common), as pg_dump does for the same reason. A snapshot's COPY lasts as long as the
 * pipeline takes to deliver the table, its connections wait idle in the snapshot transaction while the others' rows
 * are delivered, the replication connection holds the exported snapshot (a transaction, idle) until streaming starts,
 * and the snapshot transaction lasts the whole snapshot: a timeout ending any of them failed the snapshot, and every
 * retry failed the same way. The connection for catalog reads and heartbeats sits idle between them: PostgreSQL 14's
 * {@code idle_session_timeout} ended it, and the next schema change stopped the source.
 */
public final class SessionTimeouts {

    private SessionTimeouts() {
    }

    /**
     * For the snapshot's and the replication connection: sets {@code statement_timeout}, {@code lock_timeout},
     * {@code idle_in_transaction_session_timeout}, (14+) {@code idle_session_timeout} and (17+)
     * {@code transaction_timeout} to 0.
     */
    static void turnOff(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET statement_timeout = 0");
            st.execute("SET lock_timeout = 0");
            st.execute("SET idle_in_transaction_session_timeout = 0");
        }
        turnOffIdleSession(connection);
        if (connection.getMetaData().getDatabaseMajorVersion() >= 17) {
            try (Statement st = connection.createStatement()) {
                st.execute("SET transaction_timeout = 0");
            }
        }
    }

    /**
     * For the long-lived connection of catalog reads and heartbeats: (14+) {@code idle_session_timeout} to 0 alone —
     * its statements (the publication's DDL among them) keep the database's statement and lock timeouts.
     */
    public static void turnOffIdleSession(Connection connection) throws SQLException {
        if (connection.getMetaData().getDatabaseMajorVersion() < 14) return;
        try (Statement st = connection.createStatement()) {
            st.execute("SET idle_session_timeout = 0");
        }
    }
}
