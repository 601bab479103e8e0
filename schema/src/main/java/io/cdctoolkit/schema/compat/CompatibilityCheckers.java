package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.format.SchemaType;

/** The offline {@link CompatibilityChecker} of each schema language, by the rules of a {@link RuleSet}. */
public final class CompatibilityCheckers {

    private CompatibilityCheckers() {
    }

    /** The checker for {@code type} by {@link RuleSet#CONFLUENT}'s rules. */
    public static CompatibilityChecker forType(SchemaType type) {
        return forType(type, RuleSet.CONFLUENT);
    }

    /**
     * The checker for {@code type} by {@code rules}: Avro's own rules in both sets (Confluent's and
     * Apicurio's registries both call Avro's {@code SchemaCompatibility}); Protobuf and JSON Schema by the
     * rules Confluent documents, or by Apicurio Registry's own checkers.
     */
    public static CompatibilityChecker forType(SchemaType type, RuleSet rules) {
        return switch (rules) {
            case CONFLUENT -> switch (type) {
                case AVRO -> new AvroCompatibilityChecker();
                case PROTOBUF -> new ProtobufCompatibilityChecker();
                case JSON_SCHEMA -> new JsonSchemaCompatibilityChecker();
            };
            // Avro: Apicurio's Avro checker is the same SchemaCompatibility call per pair (and no 3.x release
            // of it resolves from Maven Central: its POMs name a parent POM Central lacks).
            case APICURIO -> switch (type) {
                case AVRO -> new AvroCompatibilityChecker();
                case PROTOBUF -> new ApicurioProtobufChecker();
                case JSON_SCHEMA -> new ApicurioJsonSchemaChecker();
            };
        };
    }
}
