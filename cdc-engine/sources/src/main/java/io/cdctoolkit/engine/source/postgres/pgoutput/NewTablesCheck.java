package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.backfill.BackfillRequestFiles;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code check}'s {@code new_tables} item for {@code engine: native}: the captured tables that the saved offsets say the
 * completed snapshot (and any backfill since) did not read — what the next start backfills
 * ({@code snapshot_new_tables}), or, with that option off, whose rows it never reads — and those it reads again on
 * request ({@link BackfillRequest}). Said before a run, so a large
 * table added to {@code include_tables} is no surprise either way.
 */
public final class NewTablesCheck {

    /** The item's name. */
    public static final String CHECK = "new_tables";

    private NewTablesCheck() {
    }

    /**
     * The item, or empty when there is nothing to say: no completed snapshot saved (the next start snapshots every
     * table), a snapshot mode that reads no rows or reads them all at every start, or no table captured since (offsets
     * saved before they recorded the captured tables cannot tell) and none to read again on request.
     *
     * @param offsetTopic {@code offset_storage: kafka}'s topic, or null for the file in {@code stateDir}
     * @param captured    the tables the source captures now ({@code discover})
     */
    public static Optional<PrerequisiteCheck> of(Path stateDir, NativeOffsetTopic offsetTopic, String sourceName,
                                                 String slot, SnapshotMode mode, boolean snapshotNewTables,
                                                 List<TableId> captured) throws IOException {
        if (mode != SnapshotMode.INITIAL && mode != SnapshotMode.WHEN_NEEDED) return Optional.empty();
        Offsets saved;
        try (OffsetStore store = OffsetStore.of(stateDir, offsetTopic, sourceName, slot)) {
            saved = store.load();
        }
        if (!saved.snapshotCompleted()) return Optional.empty();
        // Asked for while the source ran, and not taken before it stopped: the next start reads them as the others.
        for (BackfillRequestFiles.Request left : BackfillRequest.requestFiles(stateDir).take().requests()) {
            saved = BackfillRequest.merged(saved, left.tables(), left.where());
        }
        Set<String> members = NewTablesBackfill.members(captured);
        Offsets.Backfill requestedBackfill = NewTablesBackfill.requestedBackfill(saved, members);
        Set<String> requested = requestedBackfill == null ? Set.of() : requestedBackfill.tables();
        String asked = requested.isEmpty() ? "" : NewTablesBackfill.names(requested, captured) + " read again on request"
                + " (cdc-toolkit backfill" + NewTablesBackfill.conditions(requestedBackfill, captured)
                + "): the next start reads " + NativePostgresReader.its(requested.size()) + " rows"
                + " first (a backfill: op r events marked snapshot: incremental), then streams " + NativePostgresReader.its(
                requested.size()) + " changes since the last committed position";
        Set<String> unread = saved.captured() == null ? Set.of() : NewTablesBackfill.unread(saved, members,
                NewTablesBackfill.newlyCaptured(saved, members, Set.of()));
        if (unread.isEmpty()) return asked.isEmpty() ? Optional.empty() : Optional.of(PrerequisiteCheck.pass(CHECK, asked));
        String tables = NewTablesBackfill.names(unread, captured);
        String its = NativePostgresReader.its(unread.size());
        String and = asked.isEmpty() ? "" : "; " + asked;
        if (snapshotNewTables) {
            return Optional.of(PrerequisiteCheck.pass(CHECK, tables + " captured since the snapshot: the next start reads "
                    + its + " rows first (a backfill: op r events marked snapshot: incremental), then streams" + and));
        }
        return Optional.of(PrerequisiteCheck.warn(CHECK, tables + " captured since the snapshot: " + its + " rows from"
                        + " before the next start are never read (snapshot_new_tables: false)" + and,
                "remove snapshot_new_tables: false (the next start then reads " + its + " rows first), or start once with"
                        + " snapshot_mode: always (every captured table read again)"));
    }
}
