package io.cdctoolkit.schema.jsonschema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The two independent validators the tests judge our schemas and payloads with. */
final class Oracles {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory NETWORKNT = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final SchemaValidatorsConfig ASSERT_FORMATS =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private Oracles() {
    }

    /** networknt's messages for {@code payload} against the schema text (empty = valid). */
    static Set<String> networknt(String schemaText, byte[] payload) {
        JsonSchema schema = NETWORKNT.getSchema(schemaText, ASSERT_FORMATS);
        return schema.validate(tree(payload)).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    /** everit's failures for {@code payload}, loaded afresh from the text (empty = valid). */
    static List<String> everit(String schemaText, byte[] payload) {
        org.everit.json.schema.Schema schema = SchemaLoader.builder().schemaJson(new JSONObject(schemaText))
                .draftV7Support().build().load().build();
        try {
            schema.validate(new JSONObject(Rows.utf8(payload)));
            return List.of();
        } catch (ValidationException e) {
            return e.getAllMessages();
        }
    }

    /** networknt's messages for {@code document} checked against the draft-07 meta-schema. */
    static Set<String> draft07MetaSchema(String document) {
        JsonSchema meta = NETWORKNT.getSchema(SchemaLocation.of(SchemaId.V7), ASSERT_FORMATS);
        return meta.validate(tree(document.getBytes(java.nio.charset.StandardCharsets.UTF_8))).stream()
                .map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    static JsonNode tree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
