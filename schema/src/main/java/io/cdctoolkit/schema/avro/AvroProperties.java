package io.cdctoolkit.schema.avro;

/**
 * Names of the extra properties derived Avro schemas carry, where Avro's own types lose something
 * of the {@link io.cdctoolkit.engine.data.FieldType}. Readers that do not know them ignore them (Avro
 * keeps unknown properties), so they never change how the data decodes.
 */
public final class AvroProperties {

    /**
     * On a field whose name had to be made Avro-safe: the name as the source spells it. Our reader
     * prints this name, so JSON from Avro topics matches JSON from plain JSON topics.
     */
    public static final String ORIGINAL_NAME = "cdc.original.name";

    /** Kafka Connect's property for the narrower integer types ({@code int8}, {@code int16}) that Avro lacks. */
    public static final String CONNECT_TYPE = "connect.type";

    /** Kafka Connect's semantic type name (Debezium's {@code io.debezium.data.Json} for JSON columns). */
    public static final String CONNECT_NAME = "connect.name";

    /** Kafka Connect's schema version property, set alongside {@link #CONNECT_NAME} as Debezium does. */
    public static final String CONNECT_VERSION = "connect.version";

    /** Debezium's semantic type of JSON text columns. */
    public static final String DEBEZIUM_JSON = "io.debezium.data.Json";

    /**
     * On timestamp fields: {@code timestamp} (a wall clock without zone, read as UTC) or
     * {@code timestamp_tz} (an instant in UTC); both are {@code long} {@code timestamp-micros}.
     */
    public static final String CDC_TYPE = "cdc.type";

    /** On an enum column written as a string (its symbols are not Avro names): the allowed symbols, as a JSON array. */
    public static final String ENUM_SYMBOLS = "cdc.enum.symbols";

    private AvroProperties() {
    }
}
