package io.cdctoolkit.schema.jsonschema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.PayloadReader;
import io.cdctoolkit.schema.format.PayloadWriter;
import io.cdctoolkit.schema.format.SchemaFormat;
import io.cdctoolkit.schema.format.SchemaNames;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import org.everit.json.schema.Schema;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;

import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The JSON Schema (draft-07) format: the payload is the Debezium-shaped JSON the {@code disabled}
 * mode writes ({@link io.cdctoolkit.engine.data.RowJson}), and the registered schema describes
 * exactly that JSON, with annotations that keep the precise field type (docs/formats/json-schema.md).
 * Writers validate each payload against the schema with everit-json-schema before it is sent, as the
 * spec asks; {@link #JsonSchemaFormat(boolean)} turns that off. Stateless and thread-safe.
 */
public final class JsonSchemaFormat implements SchemaFormat {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final boolean validate;

    /** The format with validation of every payload before it is sent. */
    public JsonSchemaFormat() {
        this(true);
    }

    /**
     * @param validate whether writers check every payload against the derived schema (costs a parse
     *                 and a validation per row; see docs/formats/json-schema.md)
     */
    public JsonSchemaFormat(boolean validate) {
        this.validate = validate;
    }

    @Override
    public SchemaType type() {
        return SchemaType.JSON_SCHEMA;
    }

    @Override
    public DerivedSchema derive(String topic, boolean key, RowSchema schema) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(schema, "schema");
        String text = toText(JsonSchemaDeriver.derive(topic, key, schema));
        return new DerivedSchema(new SchemaText(SchemaType.JSON_SCHEMA, text), SchemaNames.topLevel(topic, key, schema));
    }

    /**
     * A writer for rows of {@code schema}; when this format validates, it compiles the derived schema
     * with everit once, here, not per row.
     */
    @Override
    public PayloadWriter writer(String topic, boolean key, RowSchema schema) {
        DerivedSchema derived = derive(topic, key, schema);
        Schema compiled = validate ? compile(derived.text().text()) : null;
        return new JsonSchemaPayloadWriter(derived.recordName(), schema, compiled);
    }

    @Override
    public PayloadReader reader(SchemaText writerSchema) {
        Objects.requireNonNull(writerSchema, "writerSchema");
        if (writerSchema.type() != SchemaType.JSON_SCHEMA) {
            throw new IllegalArgumentException("a " + writerSchema.type() + " schema given to the JSON Schema format");
        }
        return new JsonPayloadReader(MAPPER);
    }

    /** Whether writers validate each payload. */
    public boolean validates() {
        return validate;
    }

    /** Loads a draft-07 document into everit's validating form. */
    static Schema compile(String schemaText) {
        return SchemaLoader.builder()
                .schemaJson(new JSONObject(schemaText))
                .draftV7Support()
                .build()
                .load()
                .build();
    }

    private static String toText(ObjectNode document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a JSON Schema document", e);
        }
    }
}
