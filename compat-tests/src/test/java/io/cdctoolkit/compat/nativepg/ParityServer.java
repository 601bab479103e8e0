package io.cdctoolkit.compat.nativepg;

import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInfo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A PostgreSQL server the parity suite runs on: the embedded PostgreSQL 17 or 18 of the test fixtures, or the
 * machine's PostgreSQL 15 on localhost:5432 (user and password {@code postgres}), skipped with a message
 * when it is not reachable. Tests isolate themselves with their own database and slots; both are
 * dropped by {@link #dropDatabase} (the servers' slots are shared with other tests).
 *
 * @param label    what the test report shows
 * @param host     host name
 * @param port     port
 * @param user     a superuser (creates databases and publications)
 * @param password its password ({@code ""} for the embedded server's trust login)
 */
record ParityServer(String label, String host, int port, String user, String password) {

    /**
     * The suite's parameter source: for the engines' comparison the embedded PostgreSQL 17 and 18 and the machine's
     * 15; for the control, {@link DebeziumSelfParityTest} — the Debezium engine against itself, which proves the
     * harness and {@link EventDiff} deterministic, not anything about a server — the embedded 17 alone, which keeps CI
     * within its half hour with the third server.
     */
    static Stream<ParityServer> all(TestInfo test) {
        boolean control = test.getTestClass().filter(DebeziumSelfParityTest.class::equals).isPresent();
        return control ? Stream.of(embedded17()) : Stream.of(embedded17(), local15(), embedded18());
    }

    static ParityServer embedded17() {
        PostgresServer pg = PostgresServer.shared();
        return new ParityServer("embedded PostgreSQL 17", pg.host(), pg.port(), PostgresServer.SUPERUSER, "");
    }

    static ParityServer embedded18() {
        PostgresServer pg = PostgresServer.newest();
        return new ParityServer("embedded PostgreSQL 18", pg.host(), pg.port(), PostgresServer.SUPERUSER, "");
    }

    static ParityServer local15() {
        return new ParityServer("PostgreSQL 15 on localhost:5432", "localhost", 5432, "postgres", "postgres");
    }

    @Override
    public String toString() {
        return label;
    }

    /** Skips the test (with the reason) when the server does not answer or cannot do logical replication. */
    void assumeReachable() {
        String why;
        try (Connection c = connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW wal_level")) {
            rs.next();
            why = "logical".equals(rs.getString(1)) ? null : "wal_level is " + rs.getString(1) + ", not logical";
        } catch (SQLException e) {
            why = "not reachable: " + e.getMessage();
        }
        Assumptions.assumeTrue(why == null, label + " " + why);
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }

    /** Creates {@code name} afresh (dropping it and its idle slots first). */
    void createDatabase(String name) throws SQLException {
        dropDatabase(name);
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
    }

    /** Drops {@code name} with its replication slots, once their readers let go of them. */
    void dropDatabase(String name) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            while (true) {
                st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                        + " WHERE database = '" + name + "' AND NOT active");
                try (ResultSet left = st.executeQuery(
                        "SELECT count(*) FROM pg_replication_slots WHERE database = '" + name + "'")) {
                    left.next();
                    if (left.getInt(1) == 0) break;
                }
                if (System.nanoTime() > deadline) throw new IllegalStateException("slots of " + name + " still active");
                sleep();
            }
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /** Runs statements in {@code database}, each in its own transaction (a statement may hold several, `;`-separated). */
    void execute(String database, String... sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }

    /**
     * Transactions the slot decoded beyond {@code logical_decoding_work_mem}: spilled to disk, or streamed in
     * progress ({@code pg_stat_replication_slots}, PostgreSQL 14+).
     */
    long transactionsBeyondDecodingMemory(String slot) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT spill_txns + stream_txns FROM pg_stat_replication_slots WHERE slot_name = '" + slot + "'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Whether the replication slot exists. */
    boolean slotExists(String slot) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
            return rs.next();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
