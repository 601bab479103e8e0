package io.cdctoolkit.schema.jsonschema;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.schema.format.PayloadReader;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPayloadReaderTest {

    private final JsonSchemaFormat format = new JsonSchemaFormat();

    @Test
    void readsAWrittenPayloadFromInsideAFramedRecord() throws IOException {
        Row row = Rows.full();
        SchemaText schema = format.derive("db.public.everything", false, row.schema()).text();
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.write(new byte[] {0, 0, 0, 0, 7}); // a standard-framing header the decoder strips
        format.writer("db.public.everything", false, row.schema()).write(row, framed);
        byte[] bytes = framed.toByteArray();

        JsonNode read = format.reader(schema).read(bytes, 5, bytes.length - 5);

        assertThat(read.get("amount").asText()).isEqualTo("-12345678.90");
        assertThat(read.get("ts").asText()).isEqualTo("2024-01-31T12:00:00.000000Z");
        assertThat(read.get("i64").asLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(read.at("/home/street").asText()).isEqualTo("Main St 1");
        assertThat(read.get("mood").asText()).isEqualTo("sad");
        assertThat(read).isEqualTo(Oracles.tree(io.cdctoolkit.engine.data.RowJson.toBytes(row)));
    }

    @Test
    void emptyOrBrokenPayloadsAreIoErrors() {
        PayloadReader reader = format.reader(new SchemaText(SchemaType.JSON_SCHEMA, "{}"));
        byte[] broken = "{\"a\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> reader.read(new byte[0], 0, 0)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> reader.read(broken, 0, broken.length)).isInstanceOf(IOException.class);
    }

    @Test
    void onlyJsonSchemaTextsHaveAReader() {
        assertThatThrownBy(() -> format.reader(new SchemaText(SchemaType.AVRO, "\"string\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AVRO");
    }
}
