package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Captured tables whose row-level security policies apply to the source's user: not a superuser, without
 * {@code BYPASSRLS}, and not the table's owner (or the owner, with {@code FORCE ROW LEVEL SECURITY}). The snapshot
 * reads a table as that user, so it sees only the rows the policies let it see, while logical decoding sends every
 * row's changes: before, both engines' snapshots left the other rows out without a word. {@code check} fails naming
 * them, the start warns; the native engine's snapshot runs with {@code row_security = off}, so that PostgreSQL refuses
 * its COPY of such a table instead of filtering it (as pg_dump does).
 */
final class RowSecurityTables {

    private static final String QUERY = """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND c.relrowsecurity
              AND NOT (SELECT r.rolsuper OR r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user)
              AND (c.relforcerowsecurity OR NOT pg_has_role(current_user, c.relowner, 'USAGE'))
            ORDER BY 1, 2""";

    private RowSecurityTables() {
    }

    /** The captured tables ({@code captures}) whose policies filter what the current user reads. */
    static List<TableId> applying(Connection sql, String database, Predicate<TableId> captures) throws SQLException {
        return CapturedCatalogTables.select(sql, QUERY, database, captures);
    }

    /** What goes wrong, for a log line or a check. */
    static String problem(List<TableId> tables, String user) {
        return "row-level security policies of " + tables.stream().map(TableId::toString).collect(Collectors.joining(", "))
                + " apply to " + user + ": a snapshot would read only the rows they let " + user + " see, while the"
                + " stream sends every row's changes (engine: native refuses such a snapshot; engine: debezium takes it,"
                + " rows missing)";
    }

    /** The fix, for a check. */
    static String fix(String user) {
        return "ALTER ROLE " + user + " BYPASSRLS; (as a superuser), or capture with the tables' owner";
    }
}
