package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.backfill.BackfillRequestFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Asks the next start of an {@code engine: native} source to read captured tables' rows again (the {@code backfill}
 * command): recorded in its saved offsets as a backfill whose rows are not read yet, which a start reads before it
 * streams, as it reads those of tables captured since the snapshot ({@link NewTablesBackfill}) — op {@code r} events
 * marked {@code snapshot: incremental}, in a temporary slot's exported snapshot. Unlike those tables', the changes of a
 * table read again that the stream sends from the last committed position up to that snapshot are still delivered,
 * after the rows ({@link Offsets.Backfill#reread}). While the source runs its reader takes the request from a file of
 * its own ({@link BackfillRequestFiles}) and reads the rows at once.
 */
public final class BackfillRequest {

    /** The folder under the state folder where requests for a running source wait ({@link #requestFiles}). */
    private static final String REQUESTS_FOLDER = "native-backfill-requests";

    /** What became of a request. */
    public enum Outcome {
        /** Saved: the next start reads the tables' rows first (or, left for a running source, it reads them at once). */
        RECORDED,
        /** Nothing saved: the source has not completed its snapshot, and its next start reads every table anyway. */
        SNAPSHOT_NOT_COMPLETED,
        /**
         * Nothing saved: the source last ran with {@code engine: debezium}, whose offsets the next start takes over
         * (streaming from its slot); a start with {@code engine: native} must save its own offsets first.
         */
        DEBEZIUM_ENGINE_OFFSETS
    }

    private BackfillRequest() {
    }

    /**
     * Records that the next start reads the rows of {@code tables} (captured tables; a partitioned one with its leaf
     * partitions, which hold its rows) again, with those of a backfill already saved ({@link #merged}); or, with
     * {@code running} (a run holds the source's state lock and owns its offsets), leaves the request for that run, which
     * reads the rows at its next transaction boundary, then streams on ({@link BackfillRequestFiles}).
     *
     * @param offsetTopic {@code offset_storage: kafka}'s topic, or null for the file in {@code stateDir}
     * @param where       the SQL condition over the tables' columns selecting the rows read, or null for every row
     */
    public static Outcome record(Path stateDir, NativeOffsetTopic offsetTopic, String sourceName, String slot,
                                 Collection<TableId> tables, String where, boolean running) throws IOException {
        try (OffsetStore store = OffsetStore.of(stateDir, offsetTopic, sourceName, slot)) {
            Offsets saved = store.load();
            if (saved.equals(Offsets.EMPTY)
                    && store.debeziumEngineOffsets() == DebeziumEngineOffsets.Found.STREAMING) {
                return Outcome.DEBEZIUM_ENGINE_OFFSETS;
            }
            if (!saved.snapshotCompleted()) return Outcome.SNAPSHOT_NOT_COMPLETED;
            if (running) {
                requestFiles(stateDir).leave(new BackfillRequestFiles.Request(
                        NewTablesBackfill.members(tables), where));
            } else {
                store.save(merged(saved, NewTablesBackfill.members(tables), where));
            }
            return Outcome.RECORDED;
        }
    }

    /**
     * The tables ({@code schema.table}) of a backfill asked for ({@code cdc-toolkit backfill}) that the native engine's
     * offsets file in {@code stateDir} holds and has not read (its rows not committed); empty when there is none, or no
     * file. For a source that switched to the Debezium engine, which does not read that file.
     */
    public static Set<String> unreadInOffsetsFile(Path stateDir, String slot) throws IOException {
        Offsets saved;
        try (OffsetStore store = OffsetStore.of(stateDir, null, null, slot)) {
            saved = store.load();
        }
        Offsets.Backfill backfill = saved.backfill();
        if (backfill == null || backfill.rowsCommitted()) return Set.of();
        Set<String> tables = new TreeSet<>();
        for (String member : backfill.reread()) tables.add(member.replace("\"\"", "\u0000").replace("\"", "")
                .replace("\u0000", "\""));
        return tables;
    }

    /** The offsets file of the native engine in {@code stateDir}. */
    public static Path offsetsFile(Path stateDir) {
        return stateDir.resolve(OffsetFile.NAME);
    }

    /** The requests left for a running source (or, if it stops first, its next start). */
    public static BackfillRequestFiles requestFiles(Path stateDir) {
        return new BackfillRequestFiles(stateDir, REQUESTS_FOLDER);
    }

    /**
     * {@code saved} with a backfill reading {@code tables} ({@link FilteredPublication#member} names) again — only the rows
     * {@code where} selects, if not null — and those of a backfill already there: one not read yet, or, of one read, the
     * tables captured since the snapshot while the stream has not passed its point (read again then, at one new point).
     * A table asked for twice before it is read gets the rows of either request: its whole table if either asked for it
     * whole, otherwise the rows of either condition.
     */
    static Offsets merged(Offsets saved, Set<String> tables, String where) {
        Set<String> reread = new TreeSet<>(tables);
        Set<String> all = new TreeSet<>(reread);
        Map<String, String> conditions = new TreeMap<>();
        if (where != null) for (String table : tables) conditions.put(table, where);
        Offsets.Backfill earlier = saved.backfill();
        if (earlier != null && earlier.rowsCommitted()) {
            // Its skipped changes' window ends at its point, and a backfill has one point: read them again at the
            // new one. Its tables read again on request need no window, and their rows were delivered.
            all.addAll(earlier.skippedFromStream());
        } else if (earlier != null) {
            for (String table : earlier.tables()) {
                String before = earlier.conditions().get(table);
                if (!tables.contains(table)) {
                    if (before != null) conditions.put(table, before);
                } else if (before == null || where == null) {
                    conditions.remove(table); // one of the two reads the whole table
                } else if (!before.equals(where)) {
                    conditions.put(table, "(" + before + ") OR (" + where + ")");
                }
            }
            all.addAll(earlier.tables());
            reread.addAll(earlier.reread());
        }
        return saved.withBackfill(new Offsets.Backfill(all, 0, reread, conditions));
    }
}
