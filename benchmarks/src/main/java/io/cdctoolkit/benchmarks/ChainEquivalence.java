package io.cdctoolkit.benchmarks;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Row;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Checks that our chain and the Connect chain made the same record of the same input: the same topic,
 * and key and value with the same field names, in the same order, holding equal values of the same
 * Java type (a Connect {@code Timestamp}'s {@link java.util.Date} compares as its instant, bytes by
 * content). Keeps the throughput comparison honest: both sides must do the same work.
 */
final class ChainEquivalence {

    private ChainEquivalence() {
    }

    /**
     * @param input a description of the input, for the message
     * @param ours  our chain's output, or null when it dropped the event
     * @param theirs the Connect chain's output, or null when it dropped the record
     * @throws IllegalStateException naming the first difference
     */
    static void requireSame(String input, ChangeEvent ours, SinkRecord theirs) {
        if (ours == null || theirs == null) {
            if ((ours == null) != (theirs == null)) {
                throw new IllegalStateException(input + ": " + (ours == null ? "our chain" : "the Connect chain")
                        + " dropped it, the other did not");
            }
            return;
        }
        same(input, "topic", ours.topic(), theirs.topic());
        same(input, "key", plain(ours.key()), plain(theirs.key()));
        same(input, "value", plain(ours.value()), plain(theirs.value()));
    }

    private static void same(String input, String what, Object ours, Object theirs) {
        if (!Objects.equals(ours, theirs)) {
            throw new IllegalStateException(input + ": the chains disagree on the " + what
                    + "\n  ours:    " + describe(ours) + "\n  Connect: " + describe(theirs));
        }
    }

    /** Rows and structs as ordered maps of field name → plain value. */
    private static Object plain(Object value) {
        if (value instanceof Row row) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < row.schema().size(); i++) fields.put(row.schema().field(i).name(), plain(row.get(i)));
            return fields;
        }
        if (value instanceof Struct struct) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Field field : struct.schema().fields()) fields.put(field.name(), plain(struct.get(field)));
            return fields;
        }
        if (value instanceof java.util.Date date) return date.toInstant();
        if (value instanceof byte[] bytes) return HexFormat.of().formatHex(bytes);
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return HexFormat.of().formatHex(bytes);
        }
        return value;
    }

    /** Values with their Java types, so an int64-vs-int32 or string-vs-long difference is visible. */
    private static String describe(Object plain) {
        if (plain instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            map.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(describe(v)));
            return sb.append('}').toString();
        }
        return plain == null ? "null" : plain + " (" + plain.getClass().getSimpleName() + ")";
    }
}
