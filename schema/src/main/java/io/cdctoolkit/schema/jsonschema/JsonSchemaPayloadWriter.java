package io.cdctoolkit.schema.jsonschema;

import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.PayloadWriter;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.Validator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsonorg.JsonOrgModule;
import org.json.JSONObject;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes rows of one schema as the JSON Schema format's payload: RowJson's compiled plan (the same
 * bytes the {@code disabled} mode writes), checked against the derived schema compiled once into an
 * everit {@link Schema} before the bytes leave. Validation can be off (a null schema).
 */
final class JsonSchemaPayloadWriter implements PayloadWriter {

    private static final Validator VALIDATOR = Validator.builder().failEarly().build();
    /** Reads the bytes into org.json's tree (what everit validates) about 7x faster than org.json's own parser. */
    private static final ObjectMapper TO_ORG_JSON = new ObjectMapper().registerModule(new JsonOrgModule());

    private final String title;
    private final RowSchema schema;
    private final RowJson.Plan plan;
    private final Schema compiled;

    /**
     * @param title    the derived schema's title, for messages
     * @param schema   the row schema the writer is for
     * @param compiled the derived schema compiled by everit, or null to write without validating
     */
    JsonSchemaPayloadWriter(String title, RowSchema schema, Schema compiled) {
        this.title = title;
        this.schema = schema;
        this.plan = RowJson.plan(schema);
        this.compiled = compiled;
    }

    @Override
    public void write(Row row, OutputStream out) throws IOException {
        byte[] json = render(row);
        if (compiled != null) validate(json);
        out.write(json);
    }

    private byte[] render(Row row) {
        try {
            return plan.toBytes(row);
        } catch (ClassCastException e) {
            // RowJson casts each value to its type's Java class; find which field broke that.
            String where = ValueTypes.firstMismatch(row);
            throw new IllegalArgumentException((where == null ? "a value" : where)
                    + ", which does not match its field type, so it cannot be written for " + title, e);
        }
    }

    private void validate(byte[] json) throws IOException {
        // everit validates org.json trees, so the bytes that leave are parsed once more: what is
        // checked is exactly what is sent. docs/formats/json-schema.md has the cost.
        JSONObject document = TO_ORG_JSON.readValue(json, JSONObject.class);
        try {
            VALIDATOR.performValidation(compiled, document);
        } catch (ValidationException e) {
            // Not chained: everit's message quotes the value, which may be personal data.
            throw new IllegalArgumentException(Violations.describe(title, schema, e));
        }
    }
}
