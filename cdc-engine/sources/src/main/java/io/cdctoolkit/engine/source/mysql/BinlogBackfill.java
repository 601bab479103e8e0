package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.backfill.CapturedTableNames;
import io.cdctoolkit.engine.source.backfill.WhereCondition;
import io.cdctoolkit.engine.source.debezium.BlockingBackfillRequest;
import io.cdctoolkit.engine.source.debezium.UnmatchedTableEntries;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.Options;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code backfill} command on a {@code mysql-cdc} or {@code mariadb-cdc} source: checks the tables and the
 * condition, then leaves the request in the source's state folder ({@link BlockingBackfillRequest}), where its reader
 * takes it — the running one within a second, else the next start — and sends it to Debezium as a blocking snapshot
 * signal: Debezium pauses its stream, reads the tables' rows as its initial snapshot does, then streams on from where
 * it paused.
 */
final class BinlogBackfill {

    private BinlogBackfill() {
    }

    /** Leaves the request; returns what the source does, for the user. */
    static String request(BinlogSourceFactory factory, Options options, ComponentContext context, List<String> names,
                          String where, boolean running) throws ConfigException, ConnectivityException {
        String describe = factory.spec().name() + " source '" + context.name() + "'";
        BlockingBackfillRequest.refuseSnapshotModeAlways(options);
        BinlogInspector inspector = new BinlogInspector(factory, options, context.name());
        Map<String, TableId> captured = new LinkedHashMap<>();
        for (DiscoveredTable t : inspector.discover()) captured.put(name(t.id()), t.id());
        Set<TableId> tables = CapturedTableNames.resolve(names, name -> factory.qualifyTable(name, options), captured,
                name -> UnmatchedTableEntries.nearestName(name, captured.keySet()), describe,
                unknown -> "include_tables, then ask again");
        if (where != null) refuseUnlessItSelectsRows(inspector, tables, where);
        Set<String> named = new TreeSet<>();
        boolean anyRow = false;
        for (TableId t : tables) {
            named.add(name(t));
            anyRow = anyRow || inspector.hasRow(t, where);
        }
        return BlockingBackfillRequest.leave(describe, context, named, where, running, anyRow,
                savedOffset(factory, options, context, describe));
    }

    private static Optional<Map<String, Object>> savedOffset(BinlogSourceFactory factory, Options options,
                                                            ComponentContext context, String describe)
            throws ConfigException {
        Map<String, String> engine = "kafka".equals(options.string("offset_storage"))
                ? factory.engineProperties(options, context) : Map.of();
        try {
            return BlockingBackfillRequest.savedOffset(options, context, engine);
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
