package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.FieldType;
import org.postgresql.geometric.PGbox;
import org.postgresql.geometric.PGcircle;
import org.postgresql.geometric.PGline;
import org.postgresql.geometric.PGlseg;
import org.postgresql.geometric.PGpath;
import org.postgresql.geometric.PGpolygon;
import org.postgresql.util.PGobject;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Set;

/**
 * The column types the Debezium engine has no schema for, which it reads (with {@code include.unknown.datatypes},
 * as the source runs it) as {@code bytes} holding the value's text in UTF-8: {@code pg_lsn}, {@code tsquery},
 * {@code jsonpath}, {@code xid}/{@code xid8}/{@code cid}/{@code tid}, the {@code reg*} types, {@code txid_snapshot}/
 * {@code pg_snapshot}, composite types and multiranges as PostgreSQL writes them; the geometric types but
 * {@code point} as pgjdbc's classes spell them ({@code box '(1,2),(3,4)'} → {@code (3.0,4.0),(1.0,2.0)}), since the
 * Debezium engine reads them through those classes. Read as text: the snapshot's COPY selects their output text and
 * the stream runs in text mode (their send formats would need PostgreSQL's output functions re-implemented).
 * Compared with the Debezium engine by the {@code typesDebeziumHasNoSchemaFor} parity workload (arrays of them by
 * {@code unknownarrays}).
 */
final class TypesAsText {

    private static final Set<String> AS_POSTGRESQL_WRITES_THEM = Set.of("pg_lsn", "tsquery", "jsonpath", "xid", "xid8",
            "cid", "tid", "regclass", "regproc", "regprocedure", "regoper", "regoperator", "regtype", "regconfig",
            "regdictionary", "regnamespace", "regrole", "regcollation", "txid_snapshot", "pg_snapshot");
    /** The geometric types whose scalar values are spelled as pgjdbc's classes spell them (their arrays' elements are not). */
    private static final Set<String> GEOMETRIC = Set.of("box", "lseg", "line", "path", "polygon", "circle");

    private TypesAsText() {
    }

    /**
     * How a column of one of these types, or an array of one, is read; null for any other column. An array is
     * {@code array<bytes>} of its element texts as PostgreSQL writes them, the geometric types' too, NULL elements
     * kept, as the Debezium engine reads them (its {@code PostgresArrayConverter}); an unchanged TOASTed array is
     * unreadable, as there.
     */
    static ColumnType of(TableColumns.Column column) {
        if (column.array()) return arrayOf(column);
        ValueDecoder decoder = decoder(column.typeName(), column.typeKind());
        // An unchanged TOASTed value: the Debezium engine's placeholder in bytes, as for bytea.
        return decoder == null ? null : new ColumnType(FieldType.BYTES, decoder, null,
                PgTextTypes.UNAVAILABLE.getBytes(StandardCharsets.UTF_8));
    }

    private static ColumnType arrayOf(TableColumns.Column column) {
        // An array type's name is its element type's with a leading underscore; its kind (TableCatalog) the element's
        // for a composite or multirange element.
        String element = column.typeName().startsWith("_") ? column.typeName().substring(1) : "";
        boolean read = column.typeKind() == 'c' || column.typeKind() == 'm' || AS_POSTGRESQL_WRITES_THEM.contains(element)
                || GEOMETRIC.contains(element);
        char delimiter = element.equals("box") ? ';' : ','; // box's typdelim: its texts hold commas
        return read ? new ColumnType(new FieldType.Array(FieldType.BYTES),
                text -> ArrayText.parse(text, delimiter, TypesAsText::utf8), null, null) : null;
    }

    private static ValueDecoder decoder(String typeName, char typeKind) {
        if (typeKind == 'c' || typeKind == 'm' || AS_POSTGRESQL_WRITES_THEM.contains(typeName)) return TypesAsText::utf8;
        return switch (typeName) {
            case "box" -> text -> spelled(text, PGbox::new);
            case "lseg" -> text -> spelled(text, PGlseg::new);
            case "line" -> text -> spelled(text, PGline::new);
            case "path" -> text -> spelled(text, PGpath::new);
            case "polygon" -> text -> spelled(text, PGpolygon::new);
            case "circle" -> text -> spelled(text, PGcircle::new);
            default -> null;
        };
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A pgjdbc geometric object's text (its coordinates as Java doubles), parsed from PostgreSQL's. */
    private static byte[] spelled(String text, Parser parser) {
        try {
            return utf8(parser.parse(text).getValue());
        } catch (SQLException e) {
            throw new IllegalArgumentException("'" + text + "' is not a geometric value pgjdbc reads: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Parser {
        PGobject parse(String text) throws SQLException;
    }
}
