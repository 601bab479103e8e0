package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.TableExclusions;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Unlogged tables that {@code include_tables} matches. PostgreSQL writes no WAL for them, so no change of theirs is
 * ever streamed; and a publication cannot hold them. Before, a source matching one failed to start with
 * {@code publication_autocreate: filtered} ("cannot add relation … to publication"), and with {@code all_tables} (or
 * a publication made by hand) snapshotted its rows and then never delivered a change of it: rows frozen at the
 * snapshot, without a word. Now they are not captured by either engine — left out of {@code discover} (so of the
 * native engine's snapshot and publication) and out of the Debezium engine's table list — and named by {@code check}
 * and by a WARN at start.
 */
final class UnloggedTables {

    private static final String QUERY = """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND c.relpersistence = 'u' ORDER BY 1, 2""";

    private UnloggedTables() {
    }

    /** The unlogged tables {@code captures} (include/exclude_tables, schema) would otherwise take. */
    static List<TableId> matching(Connection sql, String database, Predicate<TableId> captures) throws SQLException {
        return CapturedCatalogTables.select(sql, QUERY, database, captures);
    }

    /** Why they are not captured, for a log line or a check. */
    static String reason(List<TableId> tables) {
        return "unlogged table(s) " + tables.stream().map(TableId::toString).collect(Collectors.joining(", "))
                + " match include_tables but are not captured: PostgreSQL writes no WAL for unlogged tables, so their"
                + " changes cannot be streamed";
    }

    /** The fix, for a check. */
    static String fix(List<TableId> tables) {
        TableId first = tables.get(0);
        return "ALTER TABLE " + first.schema() + "." + first.table() + " SET LOGGED; (to capture it), or add it to"
                + " exclude_tables";
    }

    /** {@code table.exclude.list} for the Debezium engine with {@code tables} added to what {@code properties} has. */
    static Map<String, String> excluded(List<TableId> tables, Map<String, ?> properties) {
        return TableExclusions.with(tables.stream().map(t -> t.schema() + "." + t.table()).toList(), properties);
    }
}
