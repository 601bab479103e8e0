package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.ConverterList;
import io.cdctoolkit.engine.source.debezium.ElementText;
import io.cdctoolkit.engine.source.debezium.ElementText.Kind;
import io.cdctoolkit.engine.source.debezium.SchemaProbeValues;
import io.debezium.connector.postgresql.PgOid;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.sql.Array;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Debezium converter for PostgreSQL array columns whose values Debezium changes or drops: it hands the
 * reader each element as the text PostgreSQL wrote ({@link ElementText}), and the reader makes of it the
 * field type Debezium's own schema gives, or makes the event unreadable naming the column.
 * <ul>
 *   <li>A multi-dimensional value, which any array column takes: Debezium converts each sub-array as one
 *       element ({@code int[]} {@code '{{1,2},{3,4}}'} became {@code [null,null]}, a {@code text[]} the
 *       names of Java arrays). Here it is unreadable ("nested array").</li>
 *   <li>{@code date[]}, {@code timestamp[]}, {@code timestamptz[]}: pgjdbc decodes elements with the
 *       Julian calendar and loses the era of BC values; {@code timetz[]}: it cuts fractions of a second.
 *       Here they are read from the text, BC years as proleptic Gregorian years as PostgreSQL holds them.</li>
 *   <li>{@code money[]}, {@code name[]}, {@code interval[]}, {@code bit[]}, {@code varbit[]}, {@code xml[]},
 *       {@code point[]}, {@code refcursor[]}: Debezium has no schema for them and leaves the column out of
 *       the rows (or, for {@code bit(n)[]}, always null). Here they are {@code array<string>} of the
 *       element texts.</li>
 *   <li>Arrays of the built-in types Debezium has no schema for ({@code box[]}, {@code pg_lsn[]}, {@code tsquery[]},
 *       the multirange and reg* arrays, …, {@link #UNKNOWN_ELEMENT_ARRAYS}), arrays of composite types
 *       ({@link CompositeArrayTypes}, set at start) and {@code tsvector[]}: Debezium gave the
 *       whole array as null when an element was NULL. Here they are its field types ({@code array<bytes>} of the
 *       element texts, {@code array<string>}), NULL elements kept.</li>
 *   <li>{@code ltree[]}: Debezium gave the whole array as null when an element was NULL. Here it is
 *       {@code array<string>}, as Debezium's schema, NULL elements kept.</li>
 *   <li>Arrays of domains ({@link DomainArrayTypes}, set at start), which Debezium has no type for: it passed each
 *       element's text as bytes, and the whole array as null when an element was NULL. Here they are read as the
 *       array of the domain's base type — by its OID, or by its name for {@code bytea} (elements as bytes, while
 *       {@code binary.handling.mode} is {@code bytes}, the default), {@code citext} and {@code ltree} (strings) —
 *       and those of the other base types (the numeric and time ones are {@link PostgresNumericConverter}'s and
 *       {@link PostgresTimeArrayConverter}'s) make every event with a value unreadable, naming the column and
 *       its base type, instead of delivering element texts as bytes.</li>
 * </ul>
 * Columns are recognised by their type OID, as Debezium's own schema choice is, {@code ltree[]} (an extension type,
 * its OID differs per database) by its name. The other array types Debezium resolves per database ({@code citext[]},
 * {@code hstore[]}, PostGIS) and {@code bytea[]} are left to it (it reads them, NULL elements kept), enum arrays
 * to {@link PostgresEnumConverter}.
 *
 * <p>Public with a no-argument constructor because Debezium instantiates it by class name.
 */
public final class PostgresArrayConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    /** The converter's name in {@code converters}. */
    static final String NAME = "cdctoolkit_array";

    /** Array type OID → what its elements become (the field type Debezium's own element schema gives). */
    private static final Map<Integer, Kind> KINDS = Map.ofEntries(
            Map.entry(PgOid.INT2_ARRAY, Kind.INT16), Map.entry(PgOid.INT4_ARRAY, Kind.INT32),
            Map.entry(PgOid.INT8_ARRAY, Kind.INT64), Map.entry(PgOid.OID_ARRAY, Kind.INT64),
            Map.entry(PgOid.BOOL_ARRAY, Kind.BOOLEAN),
            Map.entry(PgOid.FLOAT4_ARRAY, Kind.FLOAT32), Map.entry(PgOid.FLOAT8_ARRAY, Kind.FLOAT64),
            Map.entry(PgOid.TEXT_ARRAY, Kind.STRING), Map.entry(PgOid.VARCHAR_ARRAY, Kind.STRING),
            Map.entry(PgOid.BPCHAR_ARRAY, Kind.STRING), Map.entry(PgOid.CHAR_ARRAY, Kind.STRING),
            Map.entry(PgOid.INET_ARRAY, Kind.STRING), Map.entry(PgOid.CIDR_ARRAY, Kind.STRING),
            Map.entry(PgOid.MACADDR_ARRAY, Kind.STRING), Map.entry(PgOid.MACADDR8_ARRAY, Kind.STRING),
            Map.entry(PgOid.INT4RANGE_ARRAY, Kind.STRING), Map.entry(PgOid.INT8RANGE_ARRAY, Kind.STRING),
            Map.entry(PgOid.NUM_RANGE_ARRAY, Kind.STRING), Map.entry(PgOid.TSRANGE_ARRAY, Kind.STRING),
            Map.entry(PgOid.TSTZRANGE_ARRAY, Kind.STRING), Map.entry(PgOid.DATERANGE_ARRAY, Kind.STRING),
            Map.entry(PgOid.UUID_ARRAY, Kind.UUID),
            Map.entry(PgOid.JSON_ARRAY, Kind.JSON), Map.entry(PgOid.JSONB_ARRAY, Kind.JSON),
            Map.entry(PgOid.DATE_ARRAY, Kind.DATE), Map.entry(PgOid.TIMESTAMP_ARRAY, Kind.TIMESTAMP),
            Map.entry(PgOid.TIMESTAMPTZ_ARRAY, Kind.TIMESTAMP_TZ), Map.entry(PgOid.TIMETZ_ARRAY, Kind.ZONED_TIME),
            // Debezium has no schema for these: the column was absent from the rows (bit(n)[] always null).
            Map.entry(PgOid.MONEY_ARRAY, Kind.STRING), Map.entry(PgOid.NAME_ARRAY, Kind.STRING),
            Map.entry(PgOid.INTERVAL_ARRAY, Kind.STRING), Map.entry(PgOid.BIT_ARRAY, Kind.STRING),
            Map.entry(PgOid.VARBIT_ARRAY, Kind.STRING), Map.entry(PgOid.XML_ARRAY, Kind.STRING),
            Map.entry(PgOid.POINT_ARRAY, Kind.STRING), Map.entry(PgOid.REF_CURSOR_ARRAY, Kind.STRING));

    /**
     * Arrays of the built-in types Debezium has no schema for (it runs with {@code include.unknown.datatypes}): it gave
     * them as {@code array<bytes>} of the element texts, as it gives such a column the bytes of its text, but the whole
     * array as null when an element was NULL; {@code tsvector[]} as {@code array<string>}, null likewise. Here the same
     * field types, the element texts as PostgreSQL wrote them (the geometric types' too, where Debezium had pgjdbc's
     * spelling, {@code (3.0,4.0),(1.0,2.0)} for {@code (3,4),(1,2)}), NULL elements kept. By OID: these are the
     * server's own types, their OIDs fixed.
     */
    private static final Map<Integer, Kind> UNKNOWN_ELEMENT_ARRAYS = Map.ofEntries(
            Map.entry(3221, Kind.TEXT_BYTES) /* pg_lsn[] */, Map.entry(3645, Kind.TEXT_BYTES) /* tsquery[] */,
            Map.entry(4073, Kind.TEXT_BYTES) /* jsonpath[] */, Map.entry(1020, Kind.TEXT_BYTES) /* box[] */,
            Map.entry(1018, Kind.TEXT_BYTES) /* lseg[] */, Map.entry(629, Kind.TEXT_BYTES) /* line[] */,
            Map.entry(1019, Kind.TEXT_BYTES) /* path[] */, Map.entry(1027, Kind.TEXT_BYTES) /* polygon[] */,
            Map.entry(719, Kind.TEXT_BYTES) /* circle[] */, Map.entry(1011, Kind.TEXT_BYTES) /* xid[] */,
            Map.entry(271, Kind.TEXT_BYTES) /* xid8[] */, Map.entry(1012, Kind.TEXT_BYTES) /* cid[] */,
            Map.entry(1010, Kind.TEXT_BYTES) /* tid[] */, Map.entry(1034, Kind.TEXT_BYTES) /* aclitem[] */,
            Map.entry(2949, Kind.TEXT_BYTES) /* txid_snapshot[] */, Map.entry(5039, Kind.TEXT_BYTES) /* pg_snapshot[] */,
            Map.entry(6150, Kind.TEXT_BYTES) /* int4multirange[] */, Map.entry(6157, Kind.TEXT_BYTES) /* int8multirange[] */,
            Map.entry(6151, Kind.TEXT_BYTES) /* nummultirange[] */, Map.entry(6155, Kind.TEXT_BYTES) /* datemultirange[] */,
            Map.entry(6152, Kind.TEXT_BYTES) /* tsmultirange[] */, Map.entry(6153, Kind.TEXT_BYTES) /* tstzmultirange[] */,
            Map.entry(1008, Kind.TEXT_BYTES) /* regproc[] */, Map.entry(2207, Kind.TEXT_BYTES) /* regprocedure[] */,
            Map.entry(2208, Kind.TEXT_BYTES) /* regoper[] */, Map.entry(2209, Kind.TEXT_BYTES) /* regoperator[] */,
            Map.entry(2210, Kind.TEXT_BYTES) /* regclass[] */, Map.entry(2211, Kind.TEXT_BYTES) /* regtype[] */,
            Map.entry(3735, Kind.TEXT_BYTES) /* regconfig[] */, Map.entry(3770, Kind.TEXT_BYTES) /* regdictionary[] */,
            Map.entry(4090, Kind.TEXT_BYTES) /* regnamespace[] */, Map.entry(4097, Kind.TEXT_BYTES) /* regrole[] */,
            Map.entry(4192, Kind.TEXT_BYTES) /* regcollation[] */, Map.entry(3643, Kind.STRING) /* tsvector[] */);

    /**
     * {@code int2vector} and {@code oidvector} (e.g. a copy of {@code pg_index.indkey}): Debezium reads them as
     * arrays of {@code int2} / {@code oid}, and their text, the elements separated by spaces, is no array literal,
     * so every value arrived as {@code []}. Their elements, split at the spaces.
     */
    private static final Map<Integer, Kind> VECTORS = Map.of(22, Kind.INT16, 30, Kind.INT64);

    /** Converter property: whether {@code date[]} and {@code timestamp[]} are taken (see {@link #register}). */
    private static final String DATES_AND_TIMESTAMPS = "dates_and_timestamps";
    /** Converter property: whether binary values are bytes ({@code binary.handling.mode: bytes}, the default). */
    private static final String BINARY_AS_BYTES = "binary_as_bytes";
    /** The name Debezium gives the {@code ltree[]} type (an array type's name is its element type's with {@code _}). */
    private static final String LTREE_ARRAY = "_ltree";

    /** Whether {@code date[]} and {@code timestamp[]} columns are this converter's. */
    private boolean datesAndTimestamps = true;
    /** Whether arrays of domains over {@code bytea} are taken, as {@code array<bytes>}. */
    private boolean binaryAsBytes = true;
    private boolean schemaProbe;
    /** Arrays of domains, read as their base array types ({@link DomainArrayTypes}, set at start). */
    private DomainArrayTypes domainArrays = DomainArrayTypes.decode(null);
    /** Arrays of composite types, {@code array<bytes>} of the element texts ({@link CompositeArrayTypes}, set at start). */
    private CompositeArrayTypes compositeArrays = CompositeArrayTypes.decode(null);

    /**
     * Registers the converter in the connector properties {@code p}, after any converters already
     * listed, so those win for the columns they take. {@code date[]} and {@code timestamp[]} are taken
     * only while times are microseconds (the default): other {@code time.precision.mode}s are the
     * user's choice of representation, left to Debezium.
     */
    static void register(Map<String, String> p) {
        ConverterList.append(p, NAME, PostgresArrayConverter.class);
        p.put(NAME + "." + DATES_AND_TIMESTAMPS,
                String.valueOf(PostgresTimeArrayConverter.MICROSECOND_MODES.contains(p.get("time.precision.mode"))));
        p.put(NAME + "." + BINARY_AS_BYTES, String.valueOf("bytes".equals(p.getOrDefault("binary.handling.mode", "bytes"))));
    }

    @Override
    public void configure(Properties props) {
        datesAndTimestamps = Boolean.parseBoolean(props.getProperty(DATES_AND_TIMESTAMPS, "true"));
        binaryAsBytes = Boolean.parseBoolean(props.getProperty(BINARY_AS_BYTES, "true"));
        schemaProbe = SchemaProbeValues.enabled(props);
        domainArrays = DomainArrayTypes.decode(props.getProperty(DomainArrayTypes.PROPERTY));
        compositeArrays = CompositeArrayTypes.decode(props.getProperty(CompositeArrayTypes.PROPERTY));
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        Kind vector = VECTORS.get(column.nativeType());
        if (vector != null) {
            registration.register(SchemaBuilder.array(ElementText.builder(vector).optional().build()),
                    NotSent.orMarker(column, schemaProbe ? List.of() : List.of(ElementText.unreadable(NotSent.TEXT)),
                            PostgresArrayConverter::vectorTexts));
            return;
        }
        int oid = column.nativeType();
        Kind kind = KINDS.get(domainArrays.arrayType(oid));
        if (kind == null) kind = UNKNOWN_ELEMENT_ARRAYS.get(domainArrays.arrayType(oid));
        if (kind == null && compositeArrays.contains(domainArrays.arrayType(oid))) kind = Kind.TEXT_BYTES;
        if (kind == null) kind = byName(column);
        if (!datesAndTimestamps && (kind == Kind.DATE || kind == Kind.TIMESTAMP)) kind = null;
        if (kind == null) {
            if (domainArrays.isDomainArray(oid)) registerUnreadable(column, registration);
            return;
        }
        registration.register(SchemaBuilder.array(ElementText.builder(kind).optional().build()),
                NotSent.orMarker(column, schemaProbe ? List.of() : List.of(ElementText.unreadable(NotSent.TEXT)),
                        PostgresArrayConverter::texts));
    }

    /**
     * The kind of an array type whose OID differs per database, found by name: {@code ltree[]}, and arrays of domains
     * over {@code citext}, {@code ltree} or (while binary values are bytes) {@code bytea}; else {@code null}.
     */
    private Kind byName(RelationalColumn column) {
        String base = domainArrays.baseType(column.nativeType());
        if (base == null) return LTREE_ARRAY.equals(column.typeName()) ? Kind.STRING : null;
        return switch (base) {
            case "citext", "ltree" -> Kind.STRING;
            case "bytea" -> binaryAsBytes ? Kind.BYTES : null;
            default -> null;
        };
    }

    /**
     * An array of a domain no converter reads: every value but NULL is one element the reader refuses
     * ({@link ElementText#unreadable}), naming the base type, so the event goes to {@code on_error}; Debezium's own
     * reading passed the element texts as bytes.
     */
    private void registerUnreadable(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String base = domainArrays.baseType(column.nativeType());
        String reason = "an array of a domain over " + base + " (" + column.typeName() + "), which the Debezium engine"
                + " cannot read" + ("bytea".equals(base) ? " unless binary.handling.mode is bytes (the default)" : "")
                + ": leave the column out (column_filters), or use engine: native if it reads " + base;
        registration.register(SchemaBuilder.array(ElementText.builder(Kind.STRING).optional().build()),
                value -> value == null ? null : List.of(ElementText.unreadable(reason)));
    }

    /**
     * The element texts of an {@code int2vector} or {@code oidvector} value: its text (what pgjdbc's array or
     * object holds) split at the spaces.
     */
    static Object vectorTexts(Object value) {
        if (value == null) return null;
        String text = value instanceof org.postgresql.util.PGobject object ? object.getValue() : value.toString();
        if (text == null) return null;
        List<String> elements = new java.util.ArrayList<>();
        for (String item : text.trim().split(" +")) if (!item.isEmpty()) elements.add(item);
        return elements;
    }

    /**
     * The element texts of an array value. Never throws (Debezium would log it and deliver a null
     * array): what is not a one-dimensional array becomes one element the reader refuses, with the reason.
     */
    static Object texts(Object value) {
        if (value == null) return null;
        if (!(value instanceof Array array)) {
            // Debezium's stand-ins for an unchanged TOASTed value the stream did not carry, or anything else.
            return List.of(ElementText.unreadable("no array value reached the reader (Debezium passed a "
                    + value.getClass().getName() + ", such as its mark for an unchanged TOASTed value"
                    + " PostgreSQL does not send without REPLICA IDENTITY FULL)"));
        }
        try {
            String literal = array.toString();
            if (ArrayElementTexts.isMultiDimensional(literal)) {
                return List.of(ElementText.unreadable("'" + literal + "' is a nested array (a multi-dimensional"
                        + " value), which the field's array type cannot hold"));
            }
            return ArrayElementTexts.of(array);
        } catch (IllegalArgumentException e) {
            return List.of(ElementText.unreadable(e.getMessage()));
        } catch (SQLException | RuntimeException e) {
            return List.of(ElementText.unreadable("array value pgjdbc cannot split (" + e.getMessage() + ")"));
        }
    }
}
