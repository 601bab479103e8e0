package io.cdctoolkit.schema.compat;

import java.util.Locale;

/**
 * Whose compatibility rules an offline check applies, so that it predicts what the user's registry
 * will answer. Registries agree on Avro (all call Avro's own {@code SchemaCompatibility}) but not on
 * Protobuf and JSON Schema: Confluent's registry (and Karapace and Redpanda, which follow it) applies
 * the rules Confluent documents, Apicurio Registry its own checkers (docs/schema-compatibility.md
 * lists where they differ).
 */
public enum RuleSet {
    /** The rules Confluent Schema Registry documents (also Karapace's and Redpanda's). */
    CONFLUENT,
    /** Apicurio Registry's own compatibility checkers, run from Apicurio's libraries. */
    APICURIO;

    /** Parses {@code confluent} or {@code apicurio} (any case). */
    public static RuleSet parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown compatibility rule set '" + text + "' (expected confluent or apicurio)");
        }
    }

    /** The name users write: {@code confluent} or {@code apicurio}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
