package io.cdctoolkit.schema.jsonschema;

/**
 * Keywords of the derived JSON Schema documents: the draft-07 ones we use and our annotations.
 * Annotations are keywords validators ignore; they carry what JSON types alone cannot say.
 * {@code connect.*} annotations are written only where Confluent's Kafka Connect converter gives
 * them the same meaning as our payload (its converter reads {@code connect.type}, and picks logical
 * types from the {@code title}, so a logical name there would make it misread our text renderings);
 * {@code cdc.*} annotations carry the exact cdc-toolkit field type for everything else.
 */
final class JsonSchemaKeywords {

    static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";

    /** Confluent's annotation of the Connect type of a number, bytes string or map object. */
    static final String CONNECT_TYPE = "connect.type";
    /** Confluent's annotation of a property's position in its record (JSON objects have no order). */
    static final String CONNECT_INDEX = "connect.index";
    /** The cdc-toolkit field type ({@code FieldType.Kind} in lower case), on every field type schema. */
    static final String CDC_TYPE = "cdc.type";
    /** Decimal precision and scale of a {@code decimal} field. */
    static final String CDC_PRECISION = "cdc.precision";
    static final String CDC_SCALE = "cdc.scale";

    /** The shapes {@code RowJson} writes, as patterns (see the deriver for why each is needed). */
    static final String DECIMAL_PATTERN = "^-?[0-9]+(\\.[0-9]+)?$";
    static final String DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    static final String TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\.[0-9]{6}$";
    static final String TIMESTAMP_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\.[0-9]{6}Z$";
    static final String UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    /** How {@code RowJson} writes float and double values that JSON numbers cannot hold. */
    static final String[] NON_FINITE = {"NaN", "Infinity", "-Infinity"};

    private JsonSchemaKeywords() {
    }
}
