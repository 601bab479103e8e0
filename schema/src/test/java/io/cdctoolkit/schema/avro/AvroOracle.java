package io.cdctoolkit.schema.avro;

import io.cdctoolkit.engine.data.Row;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The independent side of the Avro tests: Avro's own GenericData / GenericDatumReader with the
 * standard logical-type conversions (as a consumer configures them), and a way to compare what it
 * decodes with the values of a {@link Row}.
 */
final class AvroOracle {

    private AvroOracle() {
    }

    /** Avro's GenericData with the logical-type conversions. */
    static GenericData data() {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new Conversions.UUIDConversion());
        data.addLogicalTypeConversion(new TimeConversions.DateConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        return data;
    }

    /** Decodes one datum of {@code schema} with Avro's GenericDatumReader; every byte must be used. */
    static Object decode(Schema schema, byte[] bytes) throws IOException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        Object datum = new GenericDatumReader<>(schema, schema, data()).read(null, decoder);
        if (!decoder.isEnd()) throw new IOException("bytes left after the datum");
        return datum;
    }

    /**
     * What Avro decoded, as plain Java: text as String, bytes as their list text, records as maps
     * keyed by the source's field names, collections as lists and maps.
     */
    static Object plain(Object value) {
        if (value instanceof CharSequence || value instanceof GenericData.EnumSymbol) return value.toString();
        if (value instanceof ByteBuffer b) {
            byte[] bytes = new byte[b.remaining()];
            b.duplicate().get(bytes);
            return Arrays.toString(bytes);
        }
        if (value instanceof GenericData.Record r) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Schema.Field f : r.getSchema().getFields()) {
                String original = f.getProp(AvroProperties.ORIGINAL_NAME);
                out.put(original == null ? f.name() : original, plain(r.get(f.pos())));
            }
            return out;
        }
        if (value instanceof List<?> list) return list.stream().map(AvroOracle::plain).collect(Collectors.toList());
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k.toString(), plain(v)));
            return out;
        }
        return value;
    }

    /**
     * A row's value in the same plain shape, as Avro is expected to decode it: int8/int16 widen to
     * Integer (Avro's int), bytes as their list text, rows as maps; everything else unchanged.
     */
    static Object expected(Object value) {
        if (value instanceof Byte || value instanceof Short) return ((Number) value).intValue();
        if (value instanceof byte[] bytes) return Arrays.toString(bytes);
        if (value instanceof Row row) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < row.schema().size(); i++) out.put(row.schema().field(i).name(), expected(row.get(i)));
            return out;
        }
        if (value instanceof List<?> list) return list.stream().map(AvroOracle::expected).collect(Collectors.toList());
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k.toString(), expected(v)));
            return out;
        }
        return value;
    }
}
