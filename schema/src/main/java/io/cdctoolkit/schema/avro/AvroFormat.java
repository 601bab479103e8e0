package io.cdctoolkit.schema.avro;

import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.PayloadReader;
import io.cdctoolkit.schema.format.PayloadWriter;
import io.cdctoolkit.schema.format.SchemaFormat;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import org.apache.avro.Schema;

/**
 * Avro: derives record schemas in Debezium's naming style (docs/formats/avro.md has the type table),
 * writes rows as Avro binary datums through per-schema compiled writers, and reads any producer's
 * Avro back as the JSON the {@code disabled} mode writes. Stateless and thread-safe; callers cache
 * the derived schemas, writers and readers per schema.
 */
public final class AvroFormat implements SchemaFormat {

    @Override
    public SchemaType type() {
        return SchemaType.AVRO;
    }

    @Override
    public DerivedSchema derive(String topic, boolean key, RowSchema schema) {
        Schema avro = avroSchema(topic, key, schema);
        return new DerivedSchema(new SchemaText(SchemaType.AVRO, avro.toString()), avro.getFullName());
    }

    /** The derived schema as Avro's own object (what {@link #derive} prints). */
    public Schema avroSchema(String topic, boolean key, RowSchema schema) {
        return AvroSchemaDeriver.derive(topic, key, schema);
    }

    @Override
    public PayloadWriter writer(String topic, boolean key, RowSchema schema) {
        return new AvroPayloadWriter(new AvroRecordWriter(schema, avroSchema(topic, key, schema), ""));
    }

    @Override
    public PayloadReader reader(SchemaText writerSchema) {
        if (writerSchema.type() != SchemaType.AVRO) {
            throw new IllegalArgumentException("the Avro format cannot read " + writerSchema.type() + " payloads");
        }
        Schema schema;
        try {
            // Another producer's schema may carry defaults Avro would reject: they do not matter for
            // reading with the writer's own schema, so they are not validated here.
            schema = new Schema.Parser().setValidateDefaults(false).parse(writerSchema.text());
        } catch (RuntimeException e) {
            // SchemaParseException mostly; Avro 1.12 also throws NullPointerException for an undefined name.
            throw new IllegalArgumentException("not a valid Avro schema: " + e.getMessage(), e);
        }
        return new AvroPayloadReader(schema);
    }
}
