package io.cdctoolkit.compat.nativepg;

import io.cdctoolkit.engine.data.ChangeEvent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One workload through two engines on one database: a reference run (the Debezium engine, {@code engine}
 * left out) and a candidate run, each with its own replication slot and publication, both created (by the
 * readers) before the workload, so both read the same WAL and a change has the same LSN, transaction id and
 * commit time in both.
 *
 * <p>The workload comes in steps; each ends with a row in {@code parity_sentinel}, and the next step starts
 * once both runs received it. So both readers are caught up whenever the schema changes (what
 * docs/sources/postgresql.md asks for DDL), and a step's end is known without waiting for silence.
 */
@SuppressWarnings("try") // close() may throw InterruptedException, as the readers' may
final class ParitySession implements AutoCloseable {

    static final String SENTINEL_TABLE = "parity_sentinel";
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    private final ParityServer server;
    private final String database;
    private final Path stateDir;
    private final String candidateEngine;
    private final List<EngineRun> runs = new ArrayList<>();
    private int sentinel;
    /** The configs {@link #start} gave the runs (reference, candidate), for {@link #restart}. */
    private Map<String, Object> referenceConfig;
    private Map<String, Object> candidateConfig;

    /**
     * Creates the database afresh with the sentinel table.
     *
     * @param candidateEngine the candidate's {@code engine} value, or null for the default engine
     */
    ParitySession(ParityServer server, String database, Path stateDir, String candidateEngine) throws Exception {
        this.server = server;
        this.database = database;
        this.stateDir = stateDir;
        this.candidateEngine = candidateEngine;
        server.createDatabase(database);
        server.execute(database, "CREATE TABLE " + SENTINEL_TABLE + " (id int PRIMARY KEY)");
    }

    String database() {
        return database;
    }

    /** Runs statements before the readers start (schema, rows for the snapshot). */
    void setUp(String... sql) throws Exception {
        server.execute(database, sql);
    }

    /**
     * Starts both runs on {@code tables} (and the sentinel table) with the shared config plus {@code extra}.
     * With {@code snapshot}, each run snapshots the rows there are (each from its own slot's exported
     * snapshot) and this waits until both delivered {@code snapshotRows} events; without, each streams from
     * its slot's creation and this waits until both slots exist. Either way, a first sentinel then proves
     * both stream.
     */
    void start(List<String> tables, boolean snapshot, int snapshotRows, Map<String, Object> extra) throws Exception {
        start(tables, snapshot, snapshotRows, extra, Map.of());
    }

    /**
     * {@link #start(List, boolean, int, Map)} with {@code candidateExtra} added to the candidate's config only:
     * for the harness's own test that a difference between the runs is found.
     */
    void start(List<String> tables, boolean snapshot, int snapshotRows, Map<String, Object> extra,
               Map<String, Object> candidateExtra) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("host", server.host());
        config.put("port", server.port());
        config.put("database", database);
        config.put("user", server.user());
        if (!server.password().isEmpty()) config.put("password", server.password());
        config.put("ssl_mode", "disable");
        // No heartbeat messages in the WAL: nothing but the workload between the runs' slots.
        config.put("heartbeat_interval_ms", 0);
        config.put("snapshot_mode", snapshot ? "initial" : "never");
        List<String> include = new ArrayList<>(tables);
        include.add("public." + SENTINEL_TABLE);
        config.put("include_tables", include);
        config.putAll(extra);
        referenceConfig = config;
        candidateConfig = new HashMap<>(config);
        candidateConfig.putAll(candidateExtra);
        startRuns(snapshot, snapshotRows);
    }

    /**
     * Stops both runs (their slots and offsets stay), runs {@code whileStopped}, and starts them again with the
     * configs of {@link #start}: each resumes from its own offsets, or snapshots as its {@code snapshot_mode}
     * says. Only the new runs' events are compared from then on.
     *
     * <p>{@code whileStopped} runs with {@code synchronous_commit = on} (as the test fixtures' servers do; this holds
     * whatever the server's setting): the Debezium engine's snapshot over an existing slot streams from
     * {@code pg_current_wal_lsn()}, the WAL written so far, and a change committed asynchronously but not yet written
     * would come again after its snapshot (docs/sources/postgresql.md, snapshot modes) — whether it does depends on
     * the WAL writer's timing.
     *
     * @param forgetOffsets whether to delete both runs' state directories first (their saved offsets)
     * @param snapshotRows  with {@code snapshot}, how many snapshot events both must deliver before the first
     *                      sentinel (the sentinel table's rows included)
     */
    void restart(boolean forgetOffsets, boolean snapshot, int snapshotRows, String... whileStopped) throws Exception {
        for (EngineRun run : runs) run.close();
        runs.clear();
        List<String> statements = new ArrayList<>();
        statements.add("SET synchronous_commit = on");
        statements.addAll(List.of(whileStopped));
        server.execute(database, statements.toArray(String[]::new));
        if (forgetOffsets) {
            for (String run : List.of("ref", "cand")) deleteContents(stateDir.resolve(run));
        }
        startRuns(snapshot, snapshotRows);
    }

    /** Deletes what is under {@code dir}, keeping {@code dir}: a run's state directory, as if it were new. */
    private static void deleteContents(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) return;
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) java.nio.file.Files.delete(p);
            }
        }
    }

    private void startRuns(boolean snapshot, int snapshotRows) throws Exception {
        runs.add(EngineRun.start(referenceConfig, EngineRun.DEBEZIUM, slot("ref"), stateDir.resolve("ref")));
        runs.add(EngineRun.start(candidateConfig, candidateEngine, slot("cand"), stateDir.resolve("cand")));
        if (snapshot) {
            await("the " + snapshotRows + " snapshot events", run -> run.size() >= snapshotRows);
        } else {
            await("its replication slot", run -> {
                try {
                    return server.slotExists(run.slot());
                } catch (java.sql.SQLException e) {
                    return false;
                }
            });
        }
        step();
    }

    private String slot(String run) {
        return database + "_" + run;
    }

    /** Runs statements (each its own transaction unless it holds several) and waits until both runs read past them. */
    void step(String... sql) throws Exception {
        server.execute(database, sql);
        int id = ++sentinel;
        server.execute(database, "INSERT INTO " + SENTINEL_TABLE + " VALUES (" + id + ")");
        boolean metadata = referenceConfig != null && Boolean.TRUE.equals(referenceConfig.get("transaction_metadata"));
        await("sentinel " + id, run -> delivered(run.events(), id, metadata));
    }

    /**
     * Whether the sentinel row {@code id} was delivered, and with {@code transaction_metadata} its transaction's END
     * too (it follows the row: stopping at the row would leave it to one run and not the other).
     */
    private static boolean delivered(List<ChangeEvent> events, int id, boolean metadata) {
        for (int i = events.size() - 1; i >= 0; i--) {
            ChangeEvent sentinelRow = events.get(i);
            if (!isSentinel(sentinelRow, id)) continue;
            if (!metadata) return true;
            for (ChangeEvent after : events.subList(i + 1, events.size())) {
                if (after.op() == io.cdctoolkit.engine.data.Op.TRANSACTION
                        && java.util.Objects.equals(after.transaction(), sentinelRow.transaction())) return true;
            }
            return false;
        }
        return false;
    }

    private static boolean isSentinel(ChangeEvent event, int id) {
        return SENTINEL_TABLE.equals(event.table().table()) && event.key() != null
                && Integer.valueOf(id).equals(event.key().get("id"));
    }

    private void await(String what, Predicate<EngineRun> done) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (EngineRun run : runs) {
            while (!done.test(run)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(run.label() + " did not deliver " + what + " within " + TIMEOUT
                            + " (" + run.size() + " events so far)");
                }
                for (EngineRun r : runs) r.pollOnce(); // keep both moving: neither waits on the other
            }
        }
    }

    String referenceSlot() {
        return slot("ref");
    }

    String candidateSlot() {
        return slot("cand");
    }

    /** The reference run's events (the Debezium engine). */
    List<ChangeEvent> reference() {
        return runs.get(0).events();
    }

    /** The candidate run's events. */
    List<ChangeEvent> candidate() {
        return runs.get(1).events();
    }

    /** The comparison of everything both runs delivered. */
    EventDiff diff() {
        return EventDiff.between(runs.get(0).label(), comparable(reference()), runs.get(1).label(), comparable(candidate()));
    }

    private static List<ComparableEvent> comparable(List<ChangeEvent> events) {
        return events.stream().map(ComparableEvent::of).toList();
    }

    /** Closes both readers, then drops the database with its slots. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (EngineRun run : runs) {
            try {
                run.close();
            } catch (Exception e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        server.dropDatabase(database);
        if (failure != null) throw failure;
    }
}
