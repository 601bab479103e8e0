package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.FieldType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The value a masked field gets when no replacement is configured: the type's "empty" value, as Kafka
 * Connect's MaskField chooses it (0, false, "", epoch), extended to the types Connect has no answer
 * for. Each choice is a valid value of the field's type, so the masked row still fits its schema.
 */
final class EmptyValues {

    /** The nil UUID: Kafka would give "", which no UUID column accepts. */
    static final UUID NIL_UUID = new UUID(0L, 0L);
    /** JSON {@code null}: Kafka would give "", which is not a JSON document. */
    static final String JSON_NULL = "null";

    private static final byte[] NO_BYTES = new byte[0];

    private EmptyValues() {
    }

    /**
     * The empty value of {@code type}.
     *
     * @throws IllegalArgumentException saying why the type has none (enums, nested rows)
     */
    static Object of(FieldType type) {
        return switch (type.kind()) {
            case BOOLEAN -> Boolean.FALSE;
            case INT8 -> (byte) 0;
            case INT16 -> (short) 0;
            case INT32 -> 0;
            case INT64 -> 0L;
            case FLOAT32 -> 0f;
            case FLOAT64 -> 0d;
            case STRING -> "";
            case BYTES -> NO_BYTES;
            // Kafka uses BigDecimal.ZERO (scale 0), which a decimal(p,s) schema with s > 0 then rejects.
            case DECIMAL -> BigDecimal.ZERO.setScale(((FieldType.Decimal) type).scale());
            case DATE -> LocalDate.EPOCH;
            case TIME -> LocalTime.MIDNIGHT;
            case TIMESTAMP, TIMESTAMP_TZ -> Instant.EPOCH;
            case UUID -> NIL_UUID;
            case JSON -> JSON_NULL;
            case ARRAY -> List.of();
            case MAP -> Map.of();
            case ENUM -> throw new IllegalArgumentException("an enum has no empty value (\"\" is not one of its symbols);"
                    + " set replacement to one of " + ((FieldType.Enum) type).symbols());
            case STRUCT -> throw new IllegalArgumentException("a nested row cannot be masked as a whole (Kafka fails"
                    + " on it too); name the fields inside it, e.g. <row>.<field>");
        };
    }
}
