package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * A PostgreSQL server the native-engine tests run against: the shared embedded PostgreSQL 17 ({@code embedded-17}),
 * the embedded PostgreSQL 18 ({@code embedded-18}), or the machine's PostgreSQL 15 on localhost:5432 (user and password
 * postgres; the test is skipped when it is not reachable).
 */
record ParityServer(String name, String host, int port, String user, String password) {

    static ParityServer of(String name) {
        if (name.equals("embedded-17")) {
            PostgresServer pg = PostgresServer.shared();
            return new ParityServer(name, pg.host(), pg.port(), PostgresServer.SUPERUSER, "");
        }
        if (name.equals("embedded-18")) {
            PostgresServer pg = PostgresServer.newest();
            return new ParityServer(name, pg.host(), pg.port(), PostgresServer.SUPERUSER, "");
        }
        ParityServer machine = new ParityServer(name, "localhost", 5432, "postgres", "postgres");
        try (Connection c = machine.connect("postgres")) {
            Assumptions.assumeTrue(c.isValid(5), "PostgreSQL 15 on localhost:5432 is not reachable");
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL 15 on localhost:5432 is not reachable: " + e.getMessage());
        }
        return machine;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }

    /** Drops (with its inactive slots) and creates {@code database}. */
    String createDatabase(String database) throws SQLException {
        dropSlots(database);
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + database);
        }
        return database;
    }

    void execute(String database, String... sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }

    /** Drops the inactive replication slots of {@code database}: the servers have a fixed number of them. */
    void dropSlots(String database) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '"
                    + database + "' AND NOT active");
        }
    }

    /** Drops {@code database} and its slots once the readers let go of them. */
    void dropDatabase(String database) throws SQLException {
        dropSlots(database);
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** postgres-cdc options for this server. */
    Map<String, Object> config(String database, String engine) {
        Map<String, Object> raw = new HashMap<>();
        raw.put("host", host);
        raw.put("port", port);
        raw.put("database", database);
        raw.put("user", user);
        if (!password.isEmpty()) raw.put("password", password);
        raw.put("ssl_mode", "disable");
        raw.put("poll_interval_ms", 50);
        raw.put("engine", engine);
        raw.put("slot_name", "parity_" + engine);
        return raw;
    }
}
