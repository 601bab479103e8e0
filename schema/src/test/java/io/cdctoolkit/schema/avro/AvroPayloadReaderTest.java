package io.cdctoolkit.schema.avro;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.schema.format.PayloadReader;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroPayloadReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AvroFormat AVRO = new AvroFormat();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.cdctoolkit.schema.avro.AvroPayloadWriterTest#rows")
    void readsOurAvroAsTheSameJsonTheJsonModeWrites(String name, boolean key, Row row) throws Exception {
        SchemaText schema = AVRO.derive(AvroTestRows.TOPIC, key, row.schema()).text();
        byte[] payload = AvroPayloadWriterTest.write(AVRO.writer(AvroTestRows.TOPIC, key, row.schema()), row);

        // Both as UTF-8 bytes from Jackson's default generator, as tail and the JSON mode print them.
        String json = new String(MAPPER.writeValueAsBytes(AVRO.reader(schema).read(payload, 0, payload.length)),
                StandardCharsets.UTF_8);

        assertThat(json).isEqualTo(RowJson.toJson(row));
    }

    @Test
    void readsThePayloadAtAnOffsetWithinFramedBytes() throws Exception {
        Row row = AvroTestRows.specials();
        byte[] payload = AvroPayloadWriterTest.write(AVRO.writer("t", false, row.schema()), row);
        byte[] framed = new byte[payload.length + 7];
        framed[0] = 0;
        System.arraycopy(payload, 0, framed, 5, payload.length);

        PayloadReader reader = AVRO.reader(AVRO.derive("t", false, row.schema()).text());

        assertThat(MAPPER.writeValueAsBytes(reader.read(framed, 5, payload.length))).isEqualTo(RowJson.toBytes(row));
        assertThatThrownBy(() -> reader.read(framed, 5, payload.length + 2))
                .isInstanceOf(IOException.class).hasMessageContaining("another schema");
    }

    @Test
    void readsAnotherProducersAvroWithLogicalTypesMappedLikeOurs() throws Exception {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"Foreign","namespace":"other.app","fields":[
                 {"name":"ts_ms","type":{"type":"long","logicalType":"timestamp-millis"}},
                 {"name":"local_us","type":{"type":"long","logicalType":"local-timestamp-micros"}},
                 {"name":"ts_ns","type":{"type":"long","logicalType":"timestamp-nanos"}},
                 {"name":"t_ms","type":{"type":"int","logicalType":"time-millis"}},
                 {"name":"day","type":{"type":"int","logicalType":"date"}},
                 {"name":"amount","type":{"type":"fixed","name":"Amount","size":8,"logicalType":"decimal","precision":18,"scale":4}},
                 {"name":"id","type":{"type":"fixed","name":"Id","size":16,"logicalType":"uuid"}},
                 {"name":"color","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}},
                 {"name":"text_or_number","type":["string","long"]},
                 {"name":"number_or_text","type":["string","long"]},
                 {"name":"md5","type":{"type":"fixed","name":"Md5","size":4}},
                 {"name":"scores","type":{"type":"map","values":{"type":"record","name":"Score","fields":[{"name":"v","type":"double"}]}}},
                 {"name":"custom","type":{"type":"string","logicalType":"my-own-type"}},
                 {"name":"maybe","type":["null","int"],"default":null}
                ]}""");
        UUID id = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        GenericRecord score = new GenericData.Record(schema.getField("scores").schema().getValueType());
        score.put("v", Double.NaN);
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("b", score);
        GenericRecord record = new GenericData.Record(schema);
        record.put("ts_ms", 1_700_000_000_123L);
        record.put("local_us", -1L);
        record.put("ts_ns", 1_700_000_000_123_456_789L);
        record.put("t_ms", 3_723_004);
        record.put("day", -1);
        Schema amount = schema.getField("amount").schema();
        record.put("amount", new Conversions.DecimalConversion().toFixed(new BigDecimal("-12.3400"), amount,
                LogicalTypes.decimal(18, 4)));
        record.put("id", new GenericData.Fixed(schema.getField("id").schema(),
                ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array()));
        record.put("color", new GenericData.EnumSymbol(schema.getField("color").schema(), "GREEN"));
        record.put("text_or_number", "x");
        record.put("number_or_text", 7L);
        record.put("md5", new GenericData.Fixed(schema.getField("md5").schema(), new byte[]{1, 2, 3, 4}));
        record.put("scores", scores);
        record.put("custom", "hi");
        record.put("maybe", null);
        byte[] payload = writeGeneric(schema, record);

        String json = MAPPER.writeValueAsString(
                AVRO.reader(new SchemaText(SchemaType.AVRO, schema.toString())).read(payload, 0, payload.length));

        assertThat(json).isEqualTo("{\"ts_ms\":\"2023-11-14T22:13:20.123000Z\",\"local_us\":\"1969-12-31T23:59:59.999999Z\","
                + "\"ts_ns\":\"2023-11-14T22:13:20.123456789Z\",\"t_ms\":\"01:02:03.004000\",\"day\":\"1969-12-31\","
                + "\"amount\":\"-12.3400\",\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"color\":\"GREEN\","
                + "\"text_or_number\":\"x\",\"number_or_text\":7,\"md5\":\"AQIDBA==\",\"scores\":{\"b\":{\"v\":\"NaN\"}},"
                + "\"custom\":\"hi\",\"maybe\":null}");
    }

    @Test
    void refusesSchemasThatAreNotAvro() {
        assertThatThrownBy(() -> AVRO.reader(new SchemaText(SchemaType.PROTOBUF, "syntax = \"proto3\";")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PROTOBUF");
        assertThatThrownBy(() -> AVRO.reader(new SchemaText(SchemaType.AVRO, "{\"type\":\"nonsense\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Avro schema");
    }

    private static byte[] writeGeneric(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
