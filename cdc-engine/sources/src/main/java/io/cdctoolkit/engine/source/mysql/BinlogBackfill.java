package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.backfill.BackfillRequestFiles;
import io.cdctoolkit.engine.source.backfill.CapturedTableNames;
import io.cdctoolkit.engine.source.backfill.WhereCondition;
import io.cdctoolkit.engine.source.debezium.UnmatchedTableEntries;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code backfill} command on a {@code mysql-cdc} or {@code mariadb-cdc} source: checks the tables and the
 * condition, then leaves the request in the source's state folder, where its reader takes it — the running one within
 * a second, else the next start — and sends it to Debezium as a blocking snapshot signal ({@code BackfillSignals}):
 * Debezium pauses its stream, reads the tables' rows as its initial snapshot does, then streams on from where it paused.
 */
final class BinlogBackfill {

    /** {@code check}'s item name. */
    static final String CHECK = "backfill";

    private BinlogBackfill() {
    }

    /** Leaves the request; returns what the source does, for the user. */
    static String request(BinlogSourceFactory factory, Options options, ComponentContext context, List<String> names,
                          String where, boolean running, BackfillRequestFiles requests)
            throws ConfigException, ConnectivityException {
        String describe = factory.spec().name() + " source '" + context.name() + "'";
        if ("always".equals(options.string("snapshot_mode"))) {
            throw new ConfigException(options.keyPath() + ".snapshot_mode", "snapshot_mode: always reads every captured"
                    + " table at every start already", "start the source: nothing needs asking for");
        }
        BinlogInspector inspector = new BinlogInspector(factory, options, context.name());
        Map<String, TableId> captured = new LinkedHashMap<>();
        for (DiscoveredTable t : inspector.discover()) captured.put(name(t.id()), t.id());
        Set<TableId> tables = CapturedTableNames.resolve(names, name -> factory.qualifyTable(name, options), captured,
                name -> UnmatchedTableEntries.nearestName(name, captured.keySet()), describe,
                unknown -> "include_tables, then ask again");
        if (where != null) refuseUnlessItSelectsRows(inspector, tables, where);
        Set<String> named = new TreeSet<>();
        for (TableId t : tables) named.add(name(t));
        if (!snapshotCompleted(factory, options, context, describe)) {
            return describe + " has not completed its snapshot: " + (running ? "the snapshot it runs reads"
                    : "its next start reads") + " every captured table, " + String.join(", ", named)
                    + " included (nothing recorded)";
        }
        try {
            requests.leave(new BackfillRequestFiles.Request(named, where));
        } catch (IOException e) {
            throw new ConfigException("state_dir", describe + ": the request could not be saved in " + context.stateDir()
                    + ": " + e.getMessage(), "make the state folder writable");
        }
        String rows = (where == null ? "the rows of " : "the rows where " + where + " of ") + String.join(", ", named);
        String how = "Debezium pauses the stream, reads " + rows + " again (op r events, marked snapshot first / true /"
                + " last as Debezium marks a snapshot's rows), then streams on from where it paused: the changes made since"
                + " the pause come after the rows, those made before the rows were read included (a key's older value"
                + " may follow its row before its latest comes)";
        if (running) {
            return describe + " is running: it sends the request within a second or so. " + how + ". Its log says when"
                    + " (\"backfill of\"); if it stops before the last row is committed, its next start reads them again";
        }
        return "the next start of " + describe + " sends the request: " + how;
    }

    /** {@code check}'s item: the backfills asked for whose last row is not committed yet, if any. */
    static java.util.Optional<PrerequisiteCheck> waiting(BackfillRequestFiles requests) {
        BackfillRequestFiles.Taken taken;
        try {
            taken = requests.take();
        } catch (IOException e) {
            return java.util.Optional.of(PrerequisiteCheck.warn(CHECK, "the backfill requests in " + requests.folder()
                    + " cannot be read: " + e.getMessage(), "delete the files there that are not requests, and ask again"));
        }
        if (taken.isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of(PrerequisiteCheck.pass(CHECK, String.join(", ", taken.tables()) + " read again on"
                + " request (cdc-toolkit backfill): the source reads their rows (Debezium's blocking snapshot), at once"
                + " when it runs, else at its next start"));
    }

    /**
     * Whether the saved offsets are past the initial snapshot: there are some, and they are not of a snapshot's row
     * (Debezium marks those {@code snapshot}; a backfill's own, {@code BLOCKING}, count as past it). Before that the
     * snapshot reads every table anyway, and its last row would be taken for the backfill's.
     */
    private static boolean snapshotCompleted(BinlogSourceFactory factory, Options options, ComponentContext context,
                                             String describe) throws ConfigException, ConnectivityException {
        Map<String, String> engine = "kafka".equals(options.string("offset_storage"))
                ? factory.engineProperties(options, context) : Map.of();
        try (SavedBinlogOffsets saved = BinlogSourceFactory.savedOffsets(options, context, engine)) {
            java.util.Optional<Map<String, Object>> offset = saved.offset();
            if (offset.isEmpty()) return false;
            Object snapshot = offset.get().get("snapshot");
            return snapshot == null || "BLOCKING".equals(String.valueOf(snapshot));
        } catch (IOException e) {
            throw new ConfigException("state_dir", describe + ": its saved offsets could not be read: " + e.getMessage(),
                    "make the state folder (or offset_topic) readable");
        }
    }

    private static void refuseUnlessItSelectsRows(BinlogInspector inspector, Set<TableId> tables, String where)
            throws ConnectivityException {
        String notOne = WhereCondition.refusal(where, WhereCondition.Dialect.MYSQL);
        if (notOne != null) {
            throw new IllegalArgumentException("--where " + where + " is not one SQL condition: " + notOne);
        }
        for (TableId table : tables) {
            String refused = inspector.whereRefusal(table, where);
            if (refused != null) {
                throw new IllegalArgumentException("--where " + where + " is not a condition on the rows of " + name(table)
                        + ": " + refused + " (give SQL over the table's columns, e.g. --where \"created_at >= '2026-12-01'\")");
            }
        }
    }

    private static String name(TableId table) {
        return table.database() + "." + table.table();
    }
}
