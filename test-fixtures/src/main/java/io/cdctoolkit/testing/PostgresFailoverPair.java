package io.cdctoolkit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * A PostgreSQL 17 primary ({@code wal_level=logical}) and a streaming-replication standby of it, both embedded, for
 * failover tests. The standby keeps copies of the primary's failover slots ({@code hot_standby_feedback}, its own
 * physical slot {@link #STANDBY_SLOT} on the primary, which the primary lists in {@code synchronized_standby_slots}),
 * synced by {@link #awaitSlotSynced} with {@code pg_sync_replication_slots()} — the sync worker's own code, called when
 * the test needs it rather than after the worker's naps (up to 30 s, which made the test's wait flaky). zonky's bundle has no {@code pg_basebackup}: the standby's data directory is a copy of
 * the primary's taken between {@code pg_backup_start} and {@code pg_backup_stop} (PostgreSQL's low-level base
 * backup), with the backup label the latter returns.
 */
public final class PostgresFailoverPair implements AutoCloseable {

    /** The standby's physical replication slot on the primary. */
    public static final String STANDBY_SLOT = "standby1";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final PostgresServer primary;
    private final PostgresServer standby;
    private boolean primaryStopped;

    private PostgresFailoverPair(PostgresServer primary, PostgresServer standby) {
        this.primary = primary;
        this.standby = standby;
    }

    /** Starts both, their data directories under {@code folder}; the caller closes the pair. */
    public static PostgresFailoverPair start(Path folder) {
        Path primaryData = folder.resolve("primary");
        Path standbyData = folder.resolve("standby");
        PostgresServer primary = PostgresServer.start(PostgresServer.LOGICAL, primaryData);
        try {
            baseBackup(primary, primaryData, standbyData);
            return new PostgresFailoverPair(primary, PostgresServer.start(PostgresServer.LOGICAL, standbyData));
        } catch (SQLException | IOException | RuntimeException e) {
            primary.close();
            throw new IllegalStateException("cannot start the standby: " + e.getMessage(), e);
        }
    }

    private static void baseBackup(PostgresServer primary, Path from, Path to) throws SQLException, IOException {
        try (Connection c = primary.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("SELECT pg_create_physical_replication_slot('" + STANDBY_SLOT + "', true)");
            st.execute("ALTER SYSTEM SET synchronized_standby_slots = '" + STANDBY_SLOT + "'");
            st.execute("SELECT pg_reload_conf()");
            st.execute("SELECT pg_backup_start('cdc-toolkit standby', true)");
            copyDataDirectory(from, to);
            try (ResultSet rs = st.executeQuery("SELECT labelfile FROM pg_backup_stop(false)")) {
                rs.next();
                Files.writeString(to.resolve("backup_label"), rs.getString(1));
            }
        }
        Files.writeString(to.resolve("standby.signal"), "");
        // Here, not as server settings: zonky passes settings on a command line split at spaces, and a test may change
        // these with ALTER SYSTEM on the standby (a command-line setting would override that).
        Files.writeString(to.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=localhost port=" + primary.port()
                + " user=" + PostgresServer.SUPERUSER + " dbname=postgres'\nprimary_slot_name = '" + STANDBY_SLOT
                + "'\nhot_standby_feedback = on\n", StandardOpenOption.APPEND);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
    }

    /** As pg_basebackup: without the server's pid file, WAL segments and slots (the standby streams the WAL). */
    private static void copyDataDirectory(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = from.relativize(file).toString().replace('\\', '/');
                if (relative.equals("postmaster.pid") || relative.equals("postmaster.opts")
                        || relative.startsWith("pg_replslot/")
                        || (relative.startsWith("pg_wal/") && !Files.isDirectory(file))) {
                    continue;
                }
                Path target = to.resolve(relative);
                if (Files.isDirectory(file)) Files.createDirectories(target);
                else Files.copy(file, target);
            }
        }
    }

    public PostgresServer primary() {
        return primary;
    }

    public PostgresServer standby() {
        return standby;
    }

    /**
     * Waits until the standby holds a copy of failover slot {@code slot} that a promotion keeps (synced, not
     * temporary) and that has confirmed as much as the primary's. PostgreSQL keeps the copy temporary until the
     * primary's slot needs no older catalog rows than the standby has: the slot's reader must confirm changes after
     * a snapshot of the running transactions, which the primary logs here at each look ({@code
     * pg_log_standby_snapshot()}), so {@code reading} runs at each look too (the reader's poll, say).
     */
    public void awaitSlotSynced(String slot, Callable<?> reading) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection p = primary.connect("postgres"); Connection s = standby.connect("postgres");
             Statement ps = p.createStatement(); Statement ss = s.createStatement()) {
            String state = "";
            while (System.nanoTime() < deadline) {
                ps.execute("SELECT pg_log_standby_snapshot()");
                reading.call();
                ss.execute("SELECT pg_sync_replication_slots()");
                String wanted = single(ps, "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '"
                        + slot + "'");
                state = single(ss, "SELECT synced || '/' || temporary || '/' || confirmed_flush_lsn"
                        + " FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
                if (state.equals("true/false/" + wanted)) return;
                Thread.sleep(100);
            }
            throw new IllegalStateException("the standby's copy of slot " + slot + " is not synced after " + WAIT.toSeconds()
                    + " s (synced/temporary/confirmed: " + state + ")");
        }
    }

    /**
     * A failover: once the standby has replayed everything the primary wrote, the primary stops and the standby is
     * promoted; {@link #standby()} is then the primary. It has the old primary's settings, so its
     * {@code synchronized_standby_slots} names a slot it does not have (its own standby's would): until an operator
     * amends it ({@link #forgetStandbySlots()}), PostgreSQL holds back every change of a failover slot.
     */
    public void failOver() throws SQLException, InterruptedException {
        awaitStandbyReplayed();
        primary.close();
        primaryStopped = true;
        try (Connection s = standby.connect("postgres"); Statement ss = s.createStatement()) {
            ss.execute("SELECT pg_promote(true, 60)");
        }
    }

    /**
     * Waits until the standby has replayed everything the primary has written so far: replication is asynchronous, so
     * a database or table just created on the primary is not yet on the standby.
     */
    public void awaitStandbyReplayed() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection p = primary.connect("postgres"); Connection s = standby.connect("postgres");
             Statement ps = p.createStatement(); Statement ss = s.createStatement()) {
            String written = single(ps, "SELECT pg_current_wal_lsn()");
            while (!"t".equals(single(ss, "SELECT pg_last_wal_replay_lsn() >= '" + written + "'::pg_lsn"))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the standby did not replay to " + written);
                Thread.sleep(100);
            }
        }
    }

    /** On the promoted standby: {@code synchronized_standby_slots} reset, as the failover's operator would. */
    public void forgetStandbySlots() throws SQLException {
        standby.execute("postgres", "ALTER SYSTEM RESET synchronized_standby_slots", "SELECT pg_reload_conf()");
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? String.valueOf(rs.getString(1)) : "";
        }
    }

    @Override
    public void close() {
        try {
            standby.close();
        } finally {
            if (!primaryStopped) primary.close();
        }
    }
}
