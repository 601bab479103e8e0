package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.TableId;
import org.postgresql.PGConnection;
import org.postgresql.replication.ReplicationSlotInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which tables a start backfills ({@code snapshot_new_tables}): those it captures that the saved offsets' captured
 * tables do not hold — added to {@code include_tables}, created and matched since, or put in a publication made by hand
 * — and those of a backfill whose rows were not all committed (one a {@link BackfillRequest} asked for, too).
 * PostgreSQL decodes a table's changes only from when its publication holds it, and the completed snapshot did not
 * read it, so its rows are read once, in the exported snapshot of a temporary slot ({@link #exportSnapshot}), whose
 * consistent point then splits its changes between the rows and the stream ({@link BackfilledChanges}).
 */
final class NewTablesBackfill {

    private NewTablesBackfill() {
    }

    /** The tables' {@link FilteredPublication#member} names. */
    static Set<String> members(Collection<TableId> tables) {
        Set<String> members = new TreeSet<>();
        for (TableId t : tables) members.add(FilteredPublication.member(t.schema(), t.table()));
        return members;
    }

    /**
     * The captured tables the completed snapshot and the stream so far did not capture: not among the saved offsets'
     * captured tables, or, for offsets saved before they were recorded, the ones this start added to the publication.
     */
    static Set<String> newlyCaptured(Offsets loaded, Set<String> captured, Set<String> newlyPublished) {
        Set<String> newly = new TreeSet<>(captured);
        if (loaded.captured() != null) {
            newly.removeAll(loaded.captured());
        } else {
            newly.retainAll(newlyPublished);
        }
        return newly;
    }

    /**
     * The backfill to read at this start, or null: the newly captured tables, with those of a saved backfill whose rows
     * were not all committed (read again), or, when tables are newly captured while a saved backfill's stream has not
     * passed its consistent point, with its tables too (one consistent point for all, later than the saved one; their
     * rows come again). Only captured tables are read.
     */
    static Offsets.Backfill toRead(Offsets loaded, Set<String> captured, Set<String> newly) {
        Set<String> tables = new TreeSet<>(newly);
        Set<String> reread = new TreeSet<>();
        Map<String, String> conditions = new TreeMap<>();
        Offsets.Backfill saved = loaded.backfill();
        if (saved != null && (!newly.isEmpty() || !saved.rowsCommitted())) {
            tables.addAll(saved.tables());
            reread.addAll(saved.reread());
            reread.removeAll(newly); // captured anew since: its changes before the new point were never delivered
            conditions.putAll(saved.conditions());
        }
        tables.retainAll(captured);
        reread.retainAll(tables);
        conditions.keySet().retainAll(reread);
        return tables.isEmpty() ? null : new Offsets.Backfill(tables, 0, reread, conditions);
    }

    /**
     * With {@code snapshot_new_tables: false}: the captured tables whose rows were never read — the newly captured ones,
     * and those of a saved backfill whose rows were not all committed.
     */
    static Set<String> unread(Offsets loaded, Set<String> captured, Set<String> newly) {
        Set<String> tables = new TreeSet<>(newly);
        Offsets.Backfill saved = loaded.backfill();
        if (saved != null && !saved.rowsCommitted()) tables.addAll(saved.skippedFromStream());
        tables.retainAll(captured);
        return tables;
    }

    /**
     * The backfill of the captured tables a saved backfill whose rows were not all committed reads again on request
     * ({@link BackfillRequest}), with their row conditions, or null: read whatever {@code snapshot_new_tables} says,
     * which is about tables captured since.
     */
    static Offsets.Backfill requestedBackfill(Offsets loaded, Set<String> captured) {
        Offsets.Backfill saved = loaded.backfill();
        if (saved == null || saved.rowsCommitted()) return null;
        Set<String> tables = new TreeSet<>(saved.reread());
        tables.retainAll(captured);
        if (tables.isEmpty()) return null;
        Map<String, String> conditions = new TreeMap<>(saved.conditions());
        conditions.keySet().retainAll(tables);
        return new Offsets.Backfill(tables, 0, tables, conditions);
    }

    /** What of a saved backfill a start that reads none keeps: one whose rows were committed (its stream may still repeat them). */
    static Offsets.Backfill kept(Offsets loaded) {
        Offsets.Backfill saved = loaded.backfill();
        return saved != null && saved.rowsCommitted() ? saved : null;
    }

    /** The captured tables (in their order) a backfill reads. */
    static List<TableId> tables(Offsets.Backfill backfill, List<TableId> captured) {
        return captured.stream().filter(t -> backfill.tables().contains(FilteredPublication.member(t.schema(), t.table())))
                .toList();
    }

    /**
     * The streamed changes a backfill's rows at {@code consistentPoint} hold, which the stream leaves out: not those of
     * the tables read again on request ({@link Offsets.Backfill#reread}).
     */
    static BackfilledChanges changes(Offsets.Backfill backfill, List<TableId> captured, long consistentPoint) {
        Set<String> skipped = backfill.skippedFromStream();
        return new BackfilledChanges(new HashSet<>(captured.stream()
                .filter(t -> skipped.contains(FilteredPublication.member(t.schema(), t.table()))).toList()), consistentPoint);
    }

    /** Why a backfill reads its tables, for the log: captured since the snapshot, read again on request, or both. */
    static String reason(Offsets.Backfill backfill) {
        if (backfill.reread().isEmpty()) return "captured since the snapshot";
        if (backfill.reread().equals(backfill.tables())) return "read again on request: cdc-toolkit backfill";
        return "captured since the snapshot, or read again on request: cdc-toolkit backfill";
    }

    /** For a log line or {@code check}: "; the rows where C of T" per table read in part, or "". */
    static String conditions(Offsets.Backfill backfill, List<TableId> captured) {
        StringBuilder text = new StringBuilder();
        for (var c : new TreeMap<>(backfill.conditions()).entrySet()) {
            text.append("; the rows where ").append(c.getValue()).append(" of ").append(names(Set.of(c.getKey()), captured));
        }
        return text.toString();
    }

    /**
     * The plans of the tables a backfill reads (partitioned tables are read through their partitions, as the snapshot),
     * each reading only the rows of its condition, if it has one ({@link Offsets.Backfill#conditions}).
     */
    static List<RelationPlan> plans(Offsets.Backfill backfill, List<TableId> tables, List<RelationPlan> tablePlans) {
        Set<TableId> read = new LinkedHashSet<>(tables);
        return tablePlans.stream().filter(p -> read.contains(p.table()))
                .map(p -> p.readingOnly(backfill.conditions().get(FilteredPublication.member(p.table().schema(),
                        p.table().table())))).toList();
    }

    /**
     * Creates a temporary logical slot on {@code replication}, which exports its snapshot: valid until that connection
     * runs another command or closes (closing it also drops the slot), so its reading connections must import it first.
     */
    static ReplicationSlotInfo exportSnapshot(Connection replication, String slot) throws SQLException {
        return replication.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot().logical()
                .withSlotName(slotName(slot)).withOutputPlugin("pgoutput").withTemporaryOption().make();
    }

    /** The temporary slot's name: the source's slot with {@code _backfill}, within PostgreSQL's 63 bytes. */
    static String slotName(String slot) {
        String base = slot.length() > 54 ? slot.substring(0, 54) : slot;
        return base + "_backfill";
    }

    /** {@code schema.table} of the captured tables {@code members} names, for the log. */
    static String names(Set<String> members, List<TableId> captured) {
        return String.join(", ", captured.stream()
                .filter(t -> members.contains(FilteredPublication.member(t.schema(), t.table())))
                .map(t -> t.schema() + "." + t.table()).toList());
    }
}
