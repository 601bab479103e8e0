package io.cdctoolkit.engine.source.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The types of a database that stop Debezium's PostgreSQL connector (3.5) from starting: its type registry reads
 * every type of the database, in any schema, captured or not, and takes the labels of each type of the enum category
 * from {@code pg_enum} by the type's own OID — an enum without labels ({@code CREATE TYPE t AS ENUM ()}) or a domain
 * over an enum has none there, and the connector fails with a NullPointerException ({@code java.sql.Array.getArray()}
 * on null; Debezium issue dbz#2525, fixed in a later Debezium than the toolkit's). Read before the Debezium engine
 * starts, so that the start names the types and the way out instead; the native engine reads both.
 *
 * @param types each as {@code schema.name (why)}, e.g. {@code public.feeling (a domain over the enum public.mood)}
 */
record LabellessEnumTypes(List<String> types) {

    // Debezium's own query: every pg_type row but pg_toast's, labels by the type's OID; category 'E' asks for them.
    private static final String QUERY = """
            SELECT n.nspname, t.typname, t.typtype, bn.nspname, b.typname
            FROM pg_type t
            JOIN pg_namespace n ON n.oid = t.typnamespace
            LEFT JOIN pg_type b ON b.oid = t.typbasetype
            LEFT JOIN pg_namespace bn ON bn.oid = b.typnamespace
            WHERE t.typcategory = 'E' AND n.nspname <> 'pg_toast'
              AND NOT EXISTS (SELECT 1 FROM pg_enum e WHERE e.enumtypid = t.oid)
            ORDER BY n.nspname, t.typname""";

    static LabellessEnumTypes read(Connection sql) throws SQLException {
        List<String> types = new ArrayList<>();
        try (PreparedStatement st = sql.prepareStatement(QUERY); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String kind = switch (rs.getString(3)) {
                    case "e" -> "an enum without labels";
                    case "d" -> "a domain over " + rs.getString(4) + "." + rs.getString(5);
                    default -> "a type of the enum category without labels";
                };
                types.add(rs.getString(1) + "." + rs.getString(2) + " (" + kind + ")");
            }
        }
        return new LabellessEnumTypes(List.copyOf(types));
    }

    boolean none() {
        return types.isEmpty();
    }

    /** Why the Debezium engine cannot read this database, for an error or a failed check. */
    String problem() {
        return "Debezium's PostgreSQL connector cannot start in this database: its type registry reads every type of"
                + " the database, captured or not, and fails on " + String.join(", ", types)
                + " (Debezium issue dbz#2525)";
    }

    /** The way out. */
    static String fix() {
        return "use engine: native (the default), which reads them; or drop those types if nothing uses them (an enum"
                + " without labels stops failing once it has one: ALTER TYPE … ADD VALUE; a domain over an enum always"
                + " fails)";
    }
}
