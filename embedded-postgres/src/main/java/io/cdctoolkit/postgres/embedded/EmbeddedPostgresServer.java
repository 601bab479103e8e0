package io.cdctoolkit.postgres.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real PostgreSQL 17 server run from this process (zonky's launcher and binaries, as the tests use):
 * its data folder is kept, so a second start continues with the same databases, replication slots and
 * WAL; the superuser {@value #SUPERUSER} logs in from localhost without a password. Stopped by
 * {@link #close()} (and by zonky's shutdown hook if the JVM ends first).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The superuser of the server. */
    public static final String SUPERUSER = "postgres";

    /** What change data capture needs: logical decoding and room for a few slots and senders. */
    public static final Map<String, String> LOGICAL_REPLICATION = Map.of(
            "wal_level", "logical",
            "max_replication_slots", "4",
            "max_wal_senders", "4");

    /**
     * PostgreSQL's own durability defaults, which zonky's launcher turns off for throwaway test servers
     * ({@code -F} and {@code synchronous_commit=off}): this server's data folder is kept from run to run, so
     * a machine crash must not corrupt it, and a walsender sends only flushed WAL, so with asynchronous
     * commits every change would reach the reader up to {@code wal_writer_delay} (200 ms) late. A {@code -c}
     * setting comes after zonky's {@code -F} on the command line, so it wins.
     */
    public static final Map<String, String> DURABLE_COMMITS = Map.of(
            "fsync", "on",
            "synchronous_commit", "on");

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts the server over {@code dataDir} (initialised on first use, reused after) on
     * {@code localhost:port}, with {@link #LOGICAL_REPLICATION}, {@link #DURABLE_COMMITS} and {@code settings}
     * (postgresql.conf names; they win over the two maps).
     *
     * @throws EmbeddedPostgresException when the port is taken, or the server does not start (the reason
     *                                   names the data folder, whose log tells more)
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, Map<String, String> settings) {
        if (!portIsFree(port)) {
            throw new EmbeddedPostgresException("port " + port + " on localhost is taken by another process");
        }
        Map<String, String> all = new LinkedHashMap<>(LOGICAL_REPLICATION);
        all.putAll(DURABLE_COMMITS);
        all.putAll(settings);
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    // Kept between runs: the quickstart resumes from its slot and offsets.
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60));
            all.forEach(builder::setServerConfig);
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedPostgresException("cannot start the embedded PostgreSQL over " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The port on localhost. */
    public int port() {
        return postgres.getPort();
    }

    /** The superuser's JDBC URL of {@code database}. */
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl(SUPERUSER, database);
    }

    /** A superuser connection to {@code database}. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /** Creates {@code database} unless it exists; returns whether it was created. */
    public boolean createDatabaseIfAbsent(String database) throws SQLException {
        try (Connection c = connect("postgres");
             var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (var rs = exists.executeQuery()) {
                if (rs.next()) return false;
            }
            try (var create = c.createStatement()) {
                // An identifier cannot be a bind parameter; quoted as PostgreSQL quotes identifiers.
                create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            }
            return true;
        }
    }

    /** Stops the server (a fast shutdown: open sessions end, the data folder stays). */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
