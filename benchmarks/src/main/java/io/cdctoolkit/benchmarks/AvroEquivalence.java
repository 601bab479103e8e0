package io.cdctoolkit.benchmarks;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Checks that two Avro records, each decoded from registry-framed bytes with its own writer schema, hold
 * the same data: the same field names in the same order with equal values of the same Java type
 * (strings compared as text, decimals as {@link BigDecimal} when the schema says {@code decimal}, other
 * bytes by content, nested records likewise). Schema names and namespaces may differ: each side names
 * its schemas its own way.
 */
final class AvroEquivalence {

    private AvroEquivalence() {
    }

    /** @throws IllegalStateException naming the difference */
    static void requireSame(String what, Object ours, Object theirs) {
        Object a = plain(ours, ours instanceof GenericRecord r ? r.getSchema() : null);
        Object b = plain(theirs, theirs instanceof GenericRecord r ? r.getSchema() : null);
        if (!Objects.equals(a, b)) {
            throw new IllegalStateException(what + ": the decoded records differ\n  ours:  " + describePlain(a)
                    + "\n  peer:  " + describePlain(b));
        }
    }

    /** The record as the comparison sees it (field → plain value with its Java type), for a log line. */
    static String describe(Object record) {
        return describePlain(plain(record, record instanceof GenericRecord r ? r.getSchema() : null));
    }

    private static Object plain(Object value, Schema schema) {
        if (value == null) return null;
        if (value instanceof GenericRecord record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Schema.Field field : record.getSchema().getFields()) {
                fields.put(field.name(), plain(record.get(field.pos()), field.schema()));
            }
            return fields;
        }
        if (value instanceof CharSequence text) return text.toString();
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            LogicalType logical = bytesBranch(schema) == null ? null : bytesBranch(schema).getLogicalType();
            if (logical instanceof LogicalTypes.Decimal decimal) {
                return new BigDecimal(new BigInteger(bytes), decimal.getScale());
            }
            return HexFormat.of().formatHex(bytes);
        }
        return value;
    }

    /** The {@code bytes} schema of a field (its union's bytes branch). */
    private static Schema bytesBranch(Schema schema) {
        if (schema == null) return null;
        if (schema.getType() == Schema.Type.BYTES) return schema;
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().filter(s -> s.getType() == Schema.Type.BYTES).findFirst().orElse(null);
        }
        return null;
    }

    private static String describePlain(Object plain) {
        if (plain instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            map.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(describePlain(v)));
            return sb.append('}').toString();
        }
        return plain == null ? "null" : plain + " (" + plain.getClass().getSimpleName() + ")";
    }
}
