package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The changes {@link AvroLogicalTypeChanges} warns of pass Avro's own compatibility check (the oracle of what a registry
 * accepts), and Avro's own reader, given an older record and the newer schema, returns the other value the warning
 * names; changes that read the same value are not warned of.
 */
class AvroLogicalTypeChangesTest {

    private static final GenericData DATA = new GenericData();

    static {
        DATA.addLogicalTypeConversion(new Conversions.DecimalConversion());
        DATA.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        DATA.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    }

    @Test
    void aDecimalsScaleChangePassesAvrosRulesAndAnOlderRecordReadsAsAnotherNumber() throws Exception {
        Schema v1 = envelope("{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 10, \"scale\": 2}");
        Schema v2 = envelope("{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 12, \"scale\": 3}");
        assertCompatible(v2, v1);
        assertThat(readAfterPrice(v1, v2, new BigDecimal("12.34"))).isEqualTo(new BigDecimal("1.234"));

        assertThat(changes(v1, v2)).containsExactly("shop.orders.Value.price: bytes decimal(10,2) → bytes decimal(12,3):"
                + " Avro's compatibility rules ignore logical types, so a registry accepts this; a consumer reading an"
                + " older record with the newer schema reads its decimals at scale 3 instead of 2: 12.34 reads as 1.234");
    }

    @Test
    void aWiderPrecisionAtTheSameScaleReadsTheSameNumberAndIsNotWarnedOf() throws Exception {
        Schema v1 = envelope("{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 10, \"scale\": 2}");
        Schema v2 = envelope("{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 14, \"scale\": 2}");
        assertThat(readAfterPrice(v1, v2, new BigDecimal("12.34"))).isEqualTo(new BigDecimal("12.34"));
        assertThat(changes(v1, v2)).isEmpty();
        assertThat(changes(v1, v1)).isEmpty();
    }

    @Test
    void aDecimalBecomingTextPassesAvrosRulesAndReadsAsBytesInAString() throws Exception {
        Schema v1 = envelope("{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 10, \"scale\": 2}");
        Schema v2 = envelope("\"string\"");
        assertCompatible(v2, v1);
        Object read = readAfterPrice(v1, v2, new BigDecimal("12.34"));
        assertThat(read.toString()).isNotEqualTo("12.34");

        assertThat(changes(v1, v2)).singleElement().asString().startsWith("shop.orders.Value.price: bytes decimal(10,2)"
                + " → string: ").endsWith("reads each decimal's unscaled two's-complement bytes as a UTF-8 string, not"
                + " its digits");
    }

    @Test
    void milliTimestampsBecomingMicroTimestampsReadOffByAThousand() throws Exception {
        Schema v1 = envelope("{\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}");
        Schema v2 = envelope("{\"type\": \"long\", \"logicalType\": \"timestamp-micros\"}");
        assertCompatible(v2, v1);
        Instant written = Instant.parse("2026-12-06T10:00:00Z");
        assertThat(readAfterPrice(v1, v2, written)).isEqualTo(Instant.ofEpochMilli(written.toEpochMilli() / 1000));

        assertThat(changes(v1, v2)).singleElement().asString().endsWith("reads its milliseconds as microseconds: every"
                + " older value off by a factor of 1000");
    }

    @Test
    void aWallClockTimestampBecomingAnInstantIsWarnedOfThroughCdcToolkitsProperty() {
        Schema v1 = envelope("{\"type\": \"long\", \"logicalType\": \"timestamp-micros\", \"cdc.type\": \"timestamp\"}");
        Schema v2 = envelope("{\"type\": \"long\", \"logicalType\": \"timestamp-micros\", \"cdc.type\": \"timestamp_tz\"}");
        assertCompatible(v2, v1);
        assertThat(changes(v1, v2)).singleElement().asString().endsWith("reads wall-clock times (no zone) as instants"
                + " (UTC) (the same number, another meaning)");
    }

    @Test
    void onlyAvroSchemasAreCompared() {
        SchemaText json = new SchemaText(SchemaType.JSON_SCHEMA, "{\"type\": \"object\"}");
        assertThat(AvroLogicalTypeChanges.between(json, json)).isEmpty();
    }

    /** A Debezium-style envelope whose before and after share the record with {@code price} of {@code priceType}. */
    private static Schema envelope(String priceType) {
        return new Schema.Parser().parse("""
                {"type": "record", "name": "Envelope", "namespace": "shop.orders", "fields": [
                  {"name": "before", "type": ["null", {"type": "record", "name": "Value", "fields": [
                    {"name": "id", "type": "int"},
                    {"name": "price", "type": ["null", %s], "default": null}]}], "default": null},
                  {"name": "after", "type": ["null", "Value"], "default": null},
                  {"name": "op", "type": "string"}]}""".formatted(priceType));
    }

    private static List<String> changes(Schema older, Schema newer) {
        return AvroLogicalTypeChanges.between(new SchemaText(SchemaType.AVRO, older.toString()),
                new SchemaText(SchemaType.AVRO, newer.toString()));
    }

    private static void assertCompatible(Schema reader, Schema writer) {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    /** Writes an envelope whose after.price is {@code price} with {@code writer}, reads it with {@code reader}. */
    private static Object readAfterPrice(Schema writer, Schema reader, Object price) throws Exception {
        Schema value = writer.getField("after").schema().getTypes().get(1);
        GenericRecord after = new GenericData.Record(value);
        after.put("id", 1);
        after.put("price", price);
        GenericRecord envelope = new GenericData.Record(writer);
        envelope.put("after", after);
        envelope.put("op", "c");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(writer, DATA).write(envelope, encoder);
        encoder.flush();
        GenericRecord read = new GenericDatumReader<GenericRecord>(writer, reader, DATA)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        return ((GenericRecord) read.get("after")).get("price");
    }
}
