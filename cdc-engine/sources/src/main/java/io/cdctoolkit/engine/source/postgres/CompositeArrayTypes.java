package io.cdctoolkit.engine.source.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The database's arrays of composite types ({@code CREATE TYPE pair AS (a int, b text)}, a column {@code pair[]}, and
 * a table's own row type as an array): read when the Debezium engine starts and handed to
 * {@link PostgresArrayConverter} in a converter property, because their OIDs differ per database. Debezium has no
 * schema for a composite type and gave such an array as {@code array<bytes>} of the element texts, and the whole
 * array as null when an element was NULL.
 *
 * @param oids the array types' OIDs
 */
record CompositeArrayTypes(Set<Integer> oids) {

    /** A converter's own property (without the converter's name) holding them ({@link #encode}). */
    static final String PROPERTY = "composite_arrays";

    private static final String QUERY = """
            SELECT a.oid FROM pg_type a JOIN pg_type e ON e.oid = a.typelem
            WHERE a.typcategory = 'A' AND e.typtype = 'c'""";

    /** The arrays of composite types there are now. */
    static CompositeArrayTypes read(Connection sql) throws SQLException {
        Set<Integer> oids = new LinkedHashSet<>();
        try (PreparedStatement st = sql.prepareStatement(QUERY); ResultSet rs = st.executeQuery()) {
            while (rs.next()) oids.add((int) rs.getLong(1));
        }
        return new CompositeArrayTypes(Set.copyOf(oids));
    }

    /** Whether array type {@code oid} is an array of a composite type. */
    boolean contains(int oid) {
        return oids.contains(oid);
    }

    /** As a converter property value: the OIDs, comma-separated (as signed ints, as Debezium hands them over). */
    String encode() {
        return oids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** What {@link #encode} wrote; none for null or blank. */
    static CompositeArrayTypes decode(String property) {
        if (property == null || property.isBlank()) return new CompositeArrayTypes(Set.of());
        return new CompositeArrayTypes(Arrays.stream(property.split(",")).map(Integer::valueOf)
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** The converter property that hands them to {@link PostgresArrayConverter}, to set over the engine's. */
    Map<String, String> converterProperties() {
        return Map.of(PostgresArrayConverter.NAME + "." + PROPERTY, encode());
    }
}
