package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.postgres.pgoutput.MoneyLayout;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The {@code money} columns of captured tables (of a domain over money too), and how the source's sessions write money
 * ({@link MoneyLayout}): in a layout an engine cannot read, the Debezium engine does not start (Debezium would retry its
 * snapshot and stop, logging the values) and {@code check} fails; with the native engine each such value is an
 * unreadable event ({@code on_error}), which {@code check} warns of.
 *
 * @param columns each as {@code schema.table.column}
 */
record MoneyColumns(List<String> columns, MoneyLayout layout) {

    private static final String QUERY = """
            SELECT n.nspname, c.relname, a.attname
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
              AND (a.atttypid = 'money'::regtype OR (t.typtype = 'd' AND t.typbasetype = 'money'::regtype))
            ORDER BY 1, 2, a.attnum""";

    /** The money columns of the tables {@code captures} takes, and the layout (read only when there are some). */
    static MoneyColumns read(Connection sql, String database, Predicate<TableId> captures) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement st = sql.prepareStatement(QUERY); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                if (captures.test(new TableId(database, rs.getString(1), rs.getString(2)))) {
                    columns.add(rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3));
                }
            }
        }
        return new MoneyColumns(List.copyOf(columns), columns.isEmpty() ? null : MoneyLayout.read(sql));
    }

    /** Whether the engine cannot read the captured money columns' values. */
    boolean unreadable(boolean debeziumEngine) {
        return layout != null && !layout.reads(debeziumEngine);
    }

    /** Why, for an error or a check. */
    String problem(boolean debeziumEngine) {
        return layout.problem(debeziumEngine, String.join(", ", columns));
    }

    /** The way out for the source's {@code user} in {@code database}. */
    String fix(boolean debeziumEngine, String user, String database) {
        return layout.fix(user, database) + (debeziumEngine ? "; or use engine: native (the default)" : "");
    }

    /** The check: FAIL for the Debezium engine, WARN for the native one; empty when the engine reads them. */
    Optional<PrerequisiteCheck> check(boolean debeziumEngine, String user, String database) {
        if (!unreadable(debeziumEngine)) return Optional.empty();
        String fix = fix(debeziumEngine, user, database);
        return Optional.of(debeziumEngine ? PrerequisiteCheck.fail("money_locale", problem(true), fix)
                : PrerequisiteCheck.warn("money_locale", problem(false), fix));
    }
}
