package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.format.SchemaType;

/** The offline {@link CompatibilityChecker} of each schema language. */
public final class CompatibilityCheckers {

    private CompatibilityCheckers() {
    }

    /** The checker for {@code type}: Avro's own rules, or Confluent's documented Protobuf / JSON Schema rules. */
    public static CompatibilityChecker forType(SchemaType type) {
        return switch (type) {
            case AVRO -> new AvroCompatibilityChecker();
            case PROTOBUF -> new ProtobufCompatibilityChecker();
            case JSON_SCHEMA -> new JsonSchemaCompatibilityChecker();
        };
    }
}
