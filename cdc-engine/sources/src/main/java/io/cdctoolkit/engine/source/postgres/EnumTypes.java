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
 * The database's enum types and their array types, with their labels, read when the Debezium engine starts and
 * handed to {@link PostgresEnumConverter} in converter properties: a converter is told a column's type OID but not
 * its labels, and Debezium's own enum conversions lose values (see there).
 *
 * <p>Labels in the enum's sort order ({@code enumsortorder}), as the native engine lists them. A type created after
 * the start is not here: its columns take Debezium's conversions until the next start.
 *
 * @param enums  enum type OID → its labels
 * @param arrays enum array type OID → its element enum's labels
 */
record EnumTypes(Map<Integer, List<String>> enums, Map<Integer, List<String>> arrays) {

    private static final String QUERY = """
            SELECT t.oid, t.typarray,
                   ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
            FROM pg_type t WHERE t.typtype = 'e'""";

    /** The enum types there are now. */
    static EnumTypes read(Connection sql) throws SQLException {
        Map<Integer, List<String>> enums = new LinkedHashMap<>();
        Map<Integer, List<String>> arrays = new LinkedHashMap<>();
        try (PreparedStatement st = sql.prepareStatement(QUERY); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                List<String> labels = List.of((String[]) rs.getArray(3).getArray());
                enums.put((int) rs.getLong(1), labels);
                long array = rs.getLong(2);
                if (array != 0) arrays.put((int) array, labels);
            }
        }
        return new EnumTypes(enums, arrays);
    }

    /** Types as a property value: {@code oid:labels;oid:labels…}, the labels as {@link ElementText#encodeLabels} writes them. */
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
