package io.cdctoolkit.schema;

import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.format.SchemaFormat;

import io.cdctoolkit.schema.avro.AvroFormat;
import io.cdctoolkit.schema.jsonschema.JsonSchemaFormat;
import io.cdctoolkit.schema.protobuf.ProtobufFormat;

/** The {@link SchemaFormat} of each schema language. */
public final class SchemaFormats {

    private SchemaFormats() {
    }

    /**
     * The format for {@code type}.
     *
     * @param validateJson whether the JSON Schema writer validates each payload against its schema
     */
    public static SchemaFormat forType(SchemaType type, boolean validateJson) {
        return switch (type) {
            case AVRO -> new AvroFormat();
            case PROTOBUF -> new ProtobufFormat();
            case JSON_SCHEMA -> new JsonSchemaFormat(validateJson);
        };
    }

    /** The format for {@code type}, validating JSON Schema payloads. */
    public static SchemaFormat forType(SchemaType type) {
        return forType(type, true);
    }
}
