package io.cdctoolkit.engine.source.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The database's arrays of domains ({@code CREATE DOMAIN posint AS int …}, a column {@code posint[]}), each with the
 * array type of the domain's base type (through domains over domains) and the modifier of the innermost domain that
 * sets one: read when the Debezium engine starts and handed to the toolkit's array converters in converter
 * properties, so that a {@code posint[]} column is read as the {@code int[]} it holds, as a {@code posint} column is
 * read as an {@code int}. Debezium has no type for them and passed each element's text as bytes — and the whole
 * array as null when an element was NULL.
 *
 * @param arrays domain array type OID → its base array type
 */
record DomainArrayTypes(Map<Integer, BaseArray> arrays) {

    /**
     * The array type of a domain's base type, the modifier the domain gives its elements ({@code -1}: none), and the
     * base type's name ({@code pg_type.typname}: {@code int4}, {@code bytea}, {@code citext}, …), which names the
     * types whose OIDs differ per database (extension types).
     */
    record BaseArray(int arrayOid, int typmod, String baseType) {
    }

    /** A converter's own property (without the converter's name) holding them ({@link #encode}). */
    static final String PROPERTY = "domain_arrays";

    private static final String QUERY = """
            WITH RECURSIVE chain(array_oid, base, typmod, depth) AS (
                SELECT a.oid, e.typbasetype, e.typtypmod, 1
                FROM pg_type a JOIN pg_type e ON e.oid = a.typelem
                WHERE a.typcategory = 'A' AND e.typtype = 'd'
              UNION ALL
                SELECT c.array_oid, t.typbasetype, CASE WHEN c.typmod = -1 THEN t.typtypmod ELSE c.typmod END, c.depth + 1
                FROM chain c JOIN pg_type t ON t.oid = c.base
                WHERE t.typtype = 'd' AND c.depth < 64)
            SELECT c.array_oid, b.typarray, c.typmod, b.typname
            FROM chain c JOIN pg_type b ON b.oid = c.base
            WHERE b.typtype <> 'd' AND b.typarray <> 0""";

    /** The arrays of domains there are now. */
    static DomainArrayTypes read(Connection sql) throws SQLException {
        Map<Integer, BaseArray> arrays = new LinkedHashMap<>();
        try (PreparedStatement st = sql.prepareStatement(QUERY); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                arrays.put((int) rs.getLong(1), new BaseArray((int) rs.getLong(2), rs.getInt(3), rs.getString(4)));
            }
        }
        return new DomainArrayTypes(Map.copyOf(arrays));
    }

    /** The array type {@code oid} stands for: its base array type for an array of a domain, else itself. */
    int arrayType(int oid) {
        BaseArray base = arrays.get(oid);
        return base == null ? oid : base.arrayOid();
    }

    /** The elements' type modifier of array type {@code oid} when it is an array of a domain, else {@code columnTypmod}. */
    int typmod(int oid, int columnTypmod) {
        BaseArray base = arrays.get(oid);
        return base == null ? columnTypmod : base.typmod();
    }

    /** The base type's name of array type {@code oid} when it is an array of a domain, else {@code null}. */
    String baseType(int oid) {
        BaseArray base = arrays.get(oid);
        return base == null ? null : base.baseType();
    }

    /** Whether array type {@code oid} is an array of a domain. */
    boolean isDomainArray(int oid) {
        return arrays.containsKey(oid);
    }

    /**
     * As a converter property value: {@code oid:baseArrayOid:typmod:baseType;…}, the type name URL-encoded (a quoted
     * name may hold any character).
     */
    String encode() {
        return arrays.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue().arrayOid() + ":" + e.getValue().typmod() + ":"
                        + URLEncoder.encode(e.getValue().baseType(), StandardCharsets.UTF_8))
                .collect(Collectors.joining(";"));
    }

    /** What {@link #encode} wrote; none for null or blank. */
    static DomainArrayTypes decode(String property) {
        Map<Integer, BaseArray> arrays = new LinkedHashMap<>();
        if (property != null && !property.isBlank()) {
            for (String entry : property.split(";")) {
                String[] parts = entry.split(":");
                arrays.put(Integer.parseInt(parts[0]), new BaseArray(Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2]), URLDecoder.decode(parts[3], StandardCharsets.UTF_8)));
            }
        }
        return new DomainArrayTypes(Map.copyOf(arrays));
    }

    /**
     * The converter properties that hand them to the converters reading arrays by type ({@link PostgresArrayConverter},
     * {@link PostgresNumericConverter}, {@link PostgresTimeArrayConverter}), to set over the engine's.
     */
    Map<String, String> converterProperties() {
        String value = encode();
        return Map.of(PostgresArrayConverter.NAME + "." + PROPERTY, value,
                PostgresNumericConverter.NAME + "." + PROPERTY, value,
                PostgresTimeArrayConverter.NAME + "." + PROPERTY, value);
    }
}
