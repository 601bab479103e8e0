package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.backfill.CapturedTableNames;
import io.cdctoolkit.engine.source.backfill.WhereCondition;
import io.cdctoolkit.engine.source.debezium.UnmatchedTableEntries;
import io.cdctoolkit.engine.source.postgres.pgoutput.BackfillRequest;
import io.cdctoolkit.engine.source.postgres.pgoutput.NativeOffsetTopic;
import io.cdctoolkit.engine.source.postgres.pgoutput.NativePostgresReader;
import io.cdctoolkit.engine.source.postgres.pgoutput.PartitionedTables;
import io.cdctoolkit.engine.source.postgres.pgoutput.SnapshotMode;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.Options;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code backfill} command on a {@code postgres-cdc} source ({@link PostgresSourceFactory#requestBackfill}): checks
 * that the source's next start can read rows, resolves the names given to captured tables (a partitioned one with its
 * captured partitions, which hold its rows) and records the request ({@link BackfillRequest}; with {@code engine:
 * debezium}, {@link DebeziumEngineBackfill}).
 */
final class RequestedBackfill {

    private RequestedBackfill() {
    }

    /** Records the request (or leaves it for the running source); returns what the source does, for the user. */
    static String request(PostgresSourceFactory factory, Options options, ComponentContext context, List<String> names,
                          String where, boolean running) throws ConfigException, ConnectivityException {
        String describe = factory.spec().name() + " source '" + context.name() + "'";
        boolean debeziumEngine = !"native".equals(options.string("engine"));
        if (debeziumEngine) {
            io.cdctoolkit.engine.source.debezium.BlockingBackfillRequest.refuseSnapshotModeAlways(options);
        } else {
            refuseUnlessANextStartReadsRows(options);
        }
        Map<String, TableId> captured = new LinkedHashMap<>();
        for (DiscoveredTable t : factory.discover(options, context)) captured.put(name(t.id()), t.id());
        Set<TableId> tables = withPartitions(options, CapturedTableNames.resolve(names,
                name -> factory.qualifyTable(name, options), captured,
                name -> UnmatchedTableEntries.nearestName(name, captured.keySet()), describe,
                unknown -> debeziumEngine ? "include_tables, then ask again" // Debezium's start only warns of them
                        : "include_tables: the next start then reads " + NativePostgresReader.its(unknown) + " rows anyway"),
                captured);
        if (where != null) refuseUnlessItSelectsRows(options, tables, where);
        if (debeziumEngine) {
            return DebeziumEngineBackfill.request(factory, options, context, describe, tables, where, running);
        }
        NativeOffsetTopic offsetTopic = NativeEngine.offsetTopic(options, context);
        BackfillRequest.Outcome outcome;
        try {
            outcome = BackfillRequest.record(context.stateDir(), offsetTopic, NativeEngine.sourceName(context),
                    PostgresSourceFactory.slotName(options, context.name()), tables, where, running);
        } catch (IOException e) {
            String problem = describe + ": its offsets " + (offsetTopic == null ? "in " + context.stateDir()
                    : "in offset_topic " + options.string("offset_topic")) + " could not be read or saved: " + e.getMessage();
            if (offsetTopic != null) throw new ConnectivityException(problem, e);
            throw new ConfigException("state_dir", problem, "make the state folder readable and writable");
        }
        String listed = String.join(", ", tables.stream().map(RequestedBackfill::name).toList());
        String rows = (where == null ? "the rows of " : "the rows where " + where + " of ") + listed;
        if (outcome == BackfillRequest.Outcome.SNAPSHOT_NOT_COMPLETED) {
            return describe + " has not completed its snapshot: " + (running ? "the snapshot it runs reads"
                    : "its next start reads") + " every captured table, " + listed + " included (nothing recorded)";
        }
        if (outcome == BackfillRequest.Outcome.DEBEZIUM_ENGINE_OFFSETS) {
            throw new IllegalArgumentException(describe + " last ran with engine: debezium, whose offsets the next start"
                    + " takes over (nothing recorded): run it once with engine: native, so that it saves offsets of its"
                    + " own, then ask again");
        }
        if (running) {
            return describe + " is running: it reads " + rows + " again within a second or so, between the"
                    + " transactions of its stream, which goes on (op r events marked snapshot: incremental, read in one"
                    + " snapshot of the database; a row whose key the stream changes meanwhile is left out, the change"
                    + " holding its state). For a table without a key, before PostgreSQL 14, and in a few other cases the"
                    + " log names, the stream pauses for the rows instead and " + NativePostgresReader.its(tables.size())
                    + " changes up to that snapshot come again after them. Its log says when (\"backfill of\"); if it"
                    + " stops first, its next start reads them";
        }
        return "the next start of " + describe + " reads " + rows + " again before it streams (op r events"
                + " marked snapshot: incremental, read in one snapshot of the database), then streams "
                + NativePostgresReader.its(tables.size()) + " changes since the last committed position; cdc-toolkit"
                + " check says so until then";
    }

    /**
     * Refuses a {@code --where} that is not one expression ({@link WhereCondition}), or that the server does not take as
     * a condition on every table's rows (a misspelt column, not a boolean), with the server's message. The condition is
     * SQL run as the source's user, as the operator gave it.
     */
    private static void refuseUnlessItSelectsRows(Options options, Set<TableId> tables, String where)
            throws ConnectivityException {
        String notOne = WhereCondition.refusal(where);
        if (notOne != null) {
            throw new IllegalArgumentException("--where " + where + " is not one SQL condition: " + notOne);
        }
        for (TableId table : tables) {
            String refused = PostgresInspector.jdbc(options).run("checking --where", c -> {
                c.setAutoCommit(false);
                c.setReadOnly(true); // LIMIT 0 runs nothing of it; and were it run, nothing could be written
                try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM ONLY " + quoted(table) + " WHERE (" + where
                        + ") LIMIT 0")) {
                    st.executeQuery().close();
                    return null;
                } catch (SQLException e) {
                    return e.getMessage();
                } finally {
                    c.rollback();
                }
            });
            if (refused != null) {
                throw new IllegalArgumentException("--where " + where + " is not a condition on the rows of "
                        + name(table) + ": " + refused + " (give SQL over the table's columns, e.g. --where"
                        + " \"created_at >= '2026-12-01'\")");
            }
        }
    }

    private static String quoted(TableId table) {
        return "\"" + table.schema().replace("\"", "\"\"") + "\".\"" + table.table().replace("\"", "\"\"") + "\"";
    }

    private static void refuseUnlessANextStartReadsRows(Options options) throws ConfigException {
        SnapshotMode mode = NativeEngine.snapshotMode(options);
        if (mode == SnapshotMode.ALWAYS) {
            throw new ConfigException(options.keyPath() + ".snapshot_mode", "snapshot_mode: always reads every captured"
                    + " table at every start already", "start the source: nothing needs asking for");
        }
        if (!mode.readsData()) {
            throw new ConfigException(options.keyPath() + ".snapshot_mode", "snapshot_mode: " + options.string(
                    "snapshot_mode") + " reads no rows, so no start would read these tables' rows",
                    "set snapshot_mode: initial (or when_needed), then ask again");
        }
    }

    /** {@code tables} with the captured leaf partitions of the partitioned ones: the snapshot reads rows from those. */
    private static Set<TableId> withPartitions(Options options, Set<TableId> tables, Map<String, TableId> captured)
            throws ConnectivityException {
        Set<TableId> read = new LinkedHashSet<>(tables);
        for (TableId table : tables) {
            for (TableId leaf : PostgresInspector.jdbc(options).run("reading the catalog",
                    c -> PartitionedTables.leaves(c, table))) {
                TableId capturedLeaf = captured.get(name(leaf));
                if (capturedLeaf != null) read.add(capturedLeaf);
            }
        }
        return read;
    }

    private static String name(TableId table) {
        return table.schema() + "." + table.table();
    }
}
