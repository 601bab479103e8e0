package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.BackfillSelect;
import io.cdctoolkit.engine.source.debezium.BlockingBackfillRequest;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.Options;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code backfill} command on a {@code postgres-cdc} source with {@code engine: debezium}: as on the binlog sources,
 * the request is sent to Debezium's engine as a blocking snapshot signal ({@link BlockingBackfillRequest}); the engine
 * pauses its stream, reads the tables' rows as its snapshot reads them ({@link OwnRowsSnapshotQuery}: each table's own
 * rows), and streams on from where it paused. (The native engine reads them between its stream's transactions
 * instead: {@link RequestedBackfill}.)
 */
final class DebeziumEngineBackfill {

    private DebeziumEngineBackfill() {
    }

    /** Leaves the request for the {@code tables} resolved and the {@code where} checked; returns what the source does. */
    static String request(PostgresSourceFactory factory, Options options, ComponentContext context, String describe,
                          Set<TableId> tables, String where, boolean running) throws ConfigException, ConnectivityException {
        Map<String, String> engine = factory.engineProperties(options, context);
        Set<String> named = new TreeSet<>();
        boolean anyRow = false;
        for (TableId table : tables) {
            named.add(table.schema() + "." + table.table());
            anyRow = anyRow || hasRow(options, from(quoted(table), engine), where);
        }
        try {
            return BlockingBackfillRequest.leave(describe, context, named, where, running, anyRow,
                    BlockingBackfillRequest.savedOffset(options, context, engine));
        } catch (IOException e) {
            throw new ConfigException("state_dir", describe + ": its saved offsets could not be read: " + e.getMessage(),
                    "make the state folder (or offset_topic) readable");
        }
    }

    /**
     * The blocking snapshot's statement for a condition: the table read as the engine's snapshot reads it (its own
     * rows, and the publication's row filter of the table, when the toolkit's snapshot query is the engine's).
     */
    static BackfillSelect select() {
        return (table, where, engine) -> {
            int dot = table.indexOf('.');
            String quoted = quote(table.substring(0, dot)) + "." + quote(table.substring(dot + 1));
            String rowFilter = ownRows(engine) ? engine.get(OwnRowsSnapshotQuery.ROW_FILTER + quoted) : null;
            return "SELECT * FROM " + from(quoted, engine) + " WHERE (" + where + ")"
                    + (rowFilter == null ? "" : " AND (" + rowFilter + ")");
        };
    }

    /** {@code ONLY "s"."t"} when the engine reads each table's own rows, else the table (its inheritors' rows too). */
    private static String from(String quoted, Map<String, String> engine) {
        return (ownRows(engine) ? "ONLY " : "") + quoted;
    }

    private static boolean ownRows(Map<String, String> engine) {
        return "custom".equals(engine.get("snapshot.query.mode"))
                && OwnRowsSnapshotQuery.NAME.equals(engine.get("snapshot.query.mode.custom.name"));
    }

    private static boolean hasRow(Options options, String from, String where) throws ConnectivityException {
        return PostgresInspector.jdbc(options).run("looking for rows", c -> {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM " + from
                    + (where == null ? "" : " WHERE (" + where + ")") + " LIMIT 1");
                 ResultSet rows = st.executeQuery()) {
                return rows.next();
            } finally {
                c.rollback();
            }
        });
    }

    private static String quoted(TableId table) {
        return quote(table.schema()) + "." + quote(table.table());
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
