package io.cdctoolkit.schema.format;

import java.util.Locale;

/** The schema languages a registry stores, with the names the Confluent REST API uses for them. */
public enum SchemaType {
    AVRO("AVRO"),
    PROTOBUF("PROTOBUF"),
    /** JSON Schema (draft-07); the registry calls it {@code JSON}. */
    JSON_SCHEMA("JSON");

    private final String registryName;

    SchemaType(String registryName) {
        this.registryName = registryName;
    }

    /** {@code schemaType} as the Confluent REST API spells it ({@code AVRO} is the API's default). */
    public String registryName() {
        return registryName;
    }

    /** The type for a registry's {@code schemaType} (null or empty means Avro, as in Confluent's API). */
    public static SchemaType fromRegistryName(String name) {
        if (name == null || name.isEmpty()) return AVRO;
        for (SchemaType t : values()) {
            if (t.registryName.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) return t;
        }
        throw new IllegalArgumentException("unknown schema type '" + name + "' (expected AVRO, PROTOBUF or JSON)");
    }

    /** The type for a config/CLI format name: {@code avro}, {@code protobuf}, {@code json_schema} (or {@code json}). */
    public static SchemaType fromFormatName(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "avro" -> AVRO;
            case "protobuf", "proto" -> PROTOBUF;
            case "json_schema", "json-schema", "jsonschema", "json" -> JSON_SCHEMA;
            default -> throw new IllegalArgumentException(
                    "unknown format '" + format + "' (expected avro, protobuf or json_schema)");
        };
    }
}
