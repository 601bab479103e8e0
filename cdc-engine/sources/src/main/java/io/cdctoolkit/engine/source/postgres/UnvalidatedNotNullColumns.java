package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Columns of captured tables with a not-null constraint not validated yet (PostgreSQL 18+: {@code ALTER TABLE … ADD
 * CONSTRAINT … NOT NULL col NOT VALID}): rows written before it may still hold NULLs, while
 * {@code pg_attribute.attnotnull} — which pgjdbc's column metadata, and so Debezium's PostgreSQL connector, reads —
 * says the column has none. Debezium then declares the field required and gives such a NULL its type's fallback
 * ({@code ""}, {@code 0}, {@code false}, the column's DEFAULT, 1970-01-01): a value the row never held. So the
 * Debezium engine does not start on them; the native engine reads such columns as optional
 * ({@link io.cdctoolkit.engine.source.postgres.pgoutput.NotNullColumns}).
 *
 * @param columns each as {@code schema.table.column (constraint name)}
 */
record UnvalidatedNotNullColumns(List<String> columns) {

    private static final String QUERY = """
            SELECT n.nspname, c.relname, a.attname, nn.conname
            FROM pg_constraint nn
            JOIN pg_class c ON c.oid = nn.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = nn.conrelid AND a.attnum = nn.conkey[1]
            WHERE nn.contype = 'n' AND NOT nn.convalidated
            ORDER BY 1, 2, 3""";

    /** The columns of the tables {@code captures} takes (none before PostgreSQL 18, which has no such constraint). */
    static UnvalidatedNotNullColumns read(Connection sql, String database, Predicate<TableId> captures)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement st = sql.prepareStatement(QUERY); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                if (!captures.test(new TableId(database, rs.getString(1), rs.getString(2)))) continue;
                columns.add(rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3)
                        + " (constraint " + rs.getString(4) + ")");
            }
        }
        return new UnvalidatedNotNullColumns(List.copyOf(columns));
    }

    boolean none() {
        return columns.isEmpty();
    }

    /** Why the Debezium engine cannot read them, for an error or a failed check. */
    String problem() {
        return "not-null constraint(s) not validated yet (NOT VALID) on " + String.join(", ", columns) + ": rows"
                + " written before may still hold NULLs there, which Debezium's PostgreSQL connector, taking the"
                + " columns for NOT NULL, would deliver as its type fallback (\"\", 0, false, the DEFAULT, 1970-01-01)";
    }

    /** The way out. */
    static String fix() {
        return "validate them (ALTER TABLE … VALIDATE CONSTRAINT …, which checks the rows without blocking writes), or"
                + " use engine: native (the default), which reads such columns as optional";
    }
}
