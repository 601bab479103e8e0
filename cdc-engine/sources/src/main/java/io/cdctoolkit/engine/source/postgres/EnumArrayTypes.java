package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.ElementText;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The database's enum array types and their labels, read when the Debezium engine starts and handed to
 * {@link PostgresArrayConverter} in a converter property: Debezium's own enum-array conversion fails on a NULL
 * element ({@code '{sad,NULL,ok}'}: its element schema is not optional) and delivers the whole array as null, and a
 * converter is told a column's type OID but not its labels.
 *
 * <p>Labels in the enum's sort order ({@code enumsortorder}), as the native engine lists them. A type created after
 * the start is not here: its arrays take Debezium's conversion until the next start.
 */
final class EnumArrayTypes {

    private static final String QUERY = """
            SELECT a.oid, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = a.typelem ORDER BY e.enumsortorder)
            FROM pg_type a JOIN pg_type t ON t.oid = a.typelem
            WHERE t.typtype = 'e' AND a.typcategory = 'A'""";

    private EnumArrayTypes() {
    }

    /** Array type OID → the labels of its element enum. */
    static Map<Integer, List<String>> read(Connection sql) throws SQLException {
        Map<Integer, List<String>> types = new LinkedHashMap<>();
        try (PreparedStatement st = sql.prepareStatement(QUERY); ResultSet rs = st.executeQuery()) {
            while (rs.next()) types.put((int) rs.getLong(1), List.of((String[]) rs.getArray(2).getArray()));
        }
        return types;
    }

    /** As a property value: {@code oid:labels;oid:labels…}, the labels as {@link ElementText#encodeLabels} writes them. */
    static String encode(Map<Integer, List<String>> types) {
        return types.entrySet().stream().map(e -> e.getKey() + ":" + ElementText.encodeLabels(e.getValue()))
                .collect(Collectors.joining(";"));
    }

    /** What {@link #encode} wrote; empty for null or blank. */
    static Map<Integer, List<String>> decode(String property) {
        Map<Integer, List<String>> types = new LinkedHashMap<>();
        if (property == null || property.isBlank()) return types;
        for (String entry : property.split(";")) {
            int colon = entry.indexOf(':');
            types.put(Integer.parseInt(entry.substring(0, colon)), ElementText.decodeLabels(entry.substring(colon + 1)));
        }
        return types;
    }
}
