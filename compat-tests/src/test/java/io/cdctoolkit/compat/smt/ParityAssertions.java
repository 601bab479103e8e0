package io.cdctoolkit.compat.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Asserts that our transform's output is the record Connect's transform produced: our event is
 * converted with {@link ConnectRecords} and compared with Connect's record aspect by aspect, in this
 * order: topic, tombstone-ness, key schema, key, value schema, value, headers. The first difference
 * fails the test with its path, e.g. {@code value.after.address.city: expected "Oslo" but was
 * "Bergen"} (expected = Connect's record, actual = ours).
 *
 * <p>Schemas are compared structurally (type, optionality, struct names, logical names, version,
 * parameters, doc, default, field names and order, element schemas), never by identity; values as
 * {@link Struct#equals} does (raw values, not defaults; {@code byte[]} by content; {@code BigDecimal}
 * by {@code equals}, so scale counts; floats by {@link Float#equals}, so NaN equals NaN and
 * 0.0 differs from -0.0). Headers are compared as (key, bytes) pairs in order: a {@code byte[]} or
 * {@code ByteBuffer} value as is, any other value as Connect's default {@link SimpleHeaderConverter}
 * would write it.
 */
final class ParityAssertions {

    private static final HexFormat HEX = HexFormat.of();

    private ParityAssertions() {
    }

    /** Asserts our event equals Connect's record, comparing everything ({@link Comparison#STRICT}). */
    static void assertSameRecord(ChangeEvent ours, ConnectRecord<?> theirs) {
        assertSameRecord(ours, theirs, Comparison.STRICT);
    }

    /** Asserts our event equals Connect's record, leaving out what {@code how} says. */
    static void assertSameRecord(ChangeEvent ours, ConnectRecord<?> theirs, Comparison how) {
        Objects.requireNonNull(ours, "ours (null: our chain dropped the event)");
        Objects.requireNonNull(theirs, "theirs (null: Connect's transform dropped the record)");
        firstDifference(theirs, ConnectRecords.toConnect(ours), how).ifPresent(diff -> {
            throw new AssertionError("our record differs from Connect's (expected = Connect's, actual = ours) at "
                    + diff + "\n  ours:   " + describe(ConnectRecords.toConnect(ours)) + "\n  theirs: " + describe(theirs));
        });
    }

    /**
     * The first difference between two Connect records, as {@code path: expected … but was …}, or
     * empty when they are the same under {@code how}.
     */
    static Optional<String> firstDifference(ConnectRecord<?> expected, ConnectRecord<?> actual, Comparison how) {
        if (!Objects.equals(expected.topic(), actual.topic())) {
            return Optional.of("topic: expected " + show(expected.topic()) + " but was " + show(actual.topic()));
        }
        if ((expected.value() == null) != (actual.value() == null)) {
            return Optional.of("value: expected " + (expected.value() == null ? "a tombstone (null value)" : "a value")
                    + " but was " + (actual.value() == null ? "a tombstone (null value)" : "a value"));
        }
        String diff = schemaDiff(expected.keySchema(), actual.keySchema(), how, "keySchema");
        if (diff == null) diff = valueDiff(expected.keySchema(), expected.key(), actual.key(), "key");
        if (diff == null) diff = schemaDiff(expected.valueSchema(), actual.valueSchema(), how, "valueSchema");
        if (diff == null) diff = valueDiff(expected.valueSchema(), expected.value(), actual.value(), "value");
        if (diff == null) diff = headerDiff(expected, actual);
        return Optional.ofNullable(diff);
    }

    /** The first difference between two schemas under {@code how}, at {@code path}, or null. */
    static String schemaDiff(Schema expected, Schema actual, Comparison how, String path) {
        if (expected == null || actual == null) {
            return expected == actual ? null
                    : path + ": expected schema " + describe(expected) + " but was " + describe(actual);
        }
        if (expected.type() != actual.type()) {
            return path + ": expected type " + expected.type() + " but was " + actual.type();
        }
        if (expected.isOptional() != actual.isOptional()) {
            return path + ": expected " + optionality(expected) + " but was " + optionality(actual);
        }
        boolean compareName = expected.type() != Schema.Type.STRUCT || !how.ignoreSchemaNames();
        if (compareName && !Objects.equals(expected.name(), actual.name())) {
            return path + ": expected schema name " + show(expected.name()) + " but was " + show(actual.name());
        }
        if (!how.ignoreSchemaVersion() && !Objects.equals(expected.version(), actual.version())) {
            return path + ": expected schema version " + expected.version() + " but was " + actual.version();
        }
        if (!Objects.equals(expected.parameters(), actual.parameters())) {
            return path + ": expected schema parameters " + expected.parameters() + " but was " + actual.parameters();
        }
        if (!how.ignoreDocs() && !Objects.equals(expected.doc(), actual.doc())) {
            return path + ": expected doc " + show(expected.doc()) + " but was " + show(actual.doc());
        }
        String diff = switch (expected.type()) {
            case STRUCT -> structSchemaDiff(expected, actual, how, path);
            case ARRAY -> schemaDiff(expected.valueSchema(), actual.valueSchema(), how, path + "[]");
            case MAP -> {
                String keys = schemaDiff(expected.keySchema(), actual.keySchema(), how, path + "{key}");
                yield keys != null ? keys : schemaDiff(expected.valueSchema(), actual.valueSchema(), how, path + "{value}");
            }
            default -> null;
        };
        if (diff == null && !how.ignoreDefaults()) {
            diff = valueDiff(expected, expected.defaultValue(), actual.defaultValue(), path + "(default)");
        }
        return diff;
    }

    private static String structSchemaDiff(Schema expected, Schema actual, Comparison how, String path) {
        List<String> expectedNames = expected.fields().stream().map(org.apache.kafka.connect.data.Field::name).toList();
        List<String> actualNames = actual.fields().stream().map(org.apache.kafka.connect.data.Field::name).toList();
        if (!expectedNames.equals(actualNames)) {
            return path + ": expected fields " + expectedNames + " but was " + actualNames;
        }
        for (org.apache.kafka.connect.data.Field f : expected.fields()) {
            String diff = schemaDiff(f.schema(), actual.field(f.name()).schema(), how, path + "." + f.name());
            if (diff != null) return diff;
        }
        return null;
    }

    /** The first difference between two values of one (already compared) schema, or null. */
    static String valueDiff(Schema schema, Object expected, Object actual, String path) {
        if (expected == null || actual == null) {
            return expected == actual ? null : path + ": expected " + show(expected) + " but was " + show(actual);
        }
        if (schema == null) {
            return Objects.equals(expected, actual) ? null
                    : path + ": expected " + show(expected) + " but was " + show(actual);
        }
        return switch (schema.type()) {
            case STRUCT -> structDiff(schema, expected, actual, path);
            case ARRAY -> listDiff(schema, expected, actual, path);
            case MAP -> mapDiff(schema, expected, actual, path);
            case BYTES -> bytesDiff(expected, actual, path);
            default -> sameClass(expected, actual) && expected.equals(actual) ? null
                    : path + ": expected " + show(expected) + " but was " + show(actual);
        };
    }

    private static String structDiff(Schema schema, Object expected, Object actual, String path) {
        if (!(expected instanceof Struct e) || !(actual instanceof Struct a)) {
            return path + ": expected " + show(expected) + " but was " + show(actual);
        }
        for (org.apache.kafka.connect.data.Field f : schema.fields()) {
            // Raw values, as Struct.equals compares them: get() would substitute the default for null.
            String diff = valueDiff(f.schema(), e.getWithoutDefault(f.name()), a.getWithoutDefault(f.name()),
                    path + "." + f.name());
            if (diff != null) return diff;
        }
        return null;
    }

    private static String listDiff(Schema schema, Object expected, Object actual, String path) {
        if (!(expected instanceof List<?> e) || !(actual instanceof List<?> a)) {
            return path + ": expected " + show(expected) + " but was " + show(actual);
        }
        for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
            String diff = valueDiff(schema.valueSchema(), e.get(i), a.get(i), path + "[" + i + "]");
            if (diff != null) return diff;
        }
        return e.size() == a.size() ? null
                : path + ": expected " + e.size() + " elements but was " + a.size();
    }

    private static String mapDiff(Schema schema, Object expected, Object actual, String path) {
        if (!(expected instanceof Map<?, ?> e) || !(actual instanceof Map<?, ?> a)) {
            return path + ": expected " + show(expected) + " but was " + show(actual);
        }
        if (!e.keySet().equals(a.keySet())) {
            return path + ": expected keys " + new TreeSet<>(e.keySet().stream().map(String::valueOf).toList())
                    + " but was " + new TreeSet<>(a.keySet().stream().map(String::valueOf).toList());
        }
        for (Map.Entry<?, ?> entry : e.entrySet()) {
            String diff = valueDiff(schema.valueSchema(), entry.getValue(), a.get(entry.getKey()),
                    path + "[\"" + entry.getKey() + "\"]");
            if (diff != null) return diff;
        }
        return null;
    }

    private static String bytesDiff(Object expected, Object actual, String path) {
        if (expected instanceof BigDecimal || actual instanceof BigDecimal) {
            // Connect's Decimal logical type: equals, so 1.0 and 1.00 differ, as Struct.equals has it.
            return sameClass(expected, actual) && expected.equals(actual) ? null
                    : path + ": expected " + show(expected) + " but was " + show(actual);
        }
        byte[] e = bytes(expected);
        byte[] a = bytes(actual);
        return e != null && Arrays.equals(e, a) ? null
                : path + ": expected " + show(expected) + " but was " + show(actual);
    }

    private static String headerDiff(ConnectRecord<?> expected, ConnectRecord<?> actual) {
        List<Map.Entry<String, byte[]>> e = headerBytes(expected);
        List<Map.Entry<String, byte[]>> a = headerBytes(actual);
        for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
            if (!e.get(i).getKey().equals(a.get(i).getKey())) {
                return "headers[" + i + "]: expected key " + show(e.get(i).getKey()) + " but was " + show(a.get(i).getKey());
            }
            if (!Arrays.equals(e.get(i).getValue(), a.get(i).getValue())) {
                return "headers[" + i + "] (" + e.get(i).getKey() + "): expected " + show(e.get(i).getValue())
                        + " but was " + show(a.get(i).getValue());
            }
        }
        return e.size() == a.size() ? null
                : "headers: expected " + e.size() + " headers " + keys(e) + " but was " + a.size() + " " + keys(a);
    }

    private static List<Map.Entry<String, byte[]>> headerBytes(ConnectRecord<?> record) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        try (SimpleHeaderConverter converter = new SimpleHeaderConverter()) {
            for (Header h : record.headers()) {
                byte[] value = h.value() == null ? null : bytes(h.value());
                if (h.value() != null && value == null) {
                    value = converter.fromConnectHeader(record.topic(), h.key(), h.schema(), h.value());
                }
                out.add(new java.util.AbstractMap.SimpleImmutableEntry<>(h.key(), value));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    private static List<String> keys(List<Map.Entry<String, byte[]>> headers) {
        return headers.stream().map(Map.Entry::getKey).toList();
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] b) return b;
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] b = new byte[copy.remaining()];
            copy.get(b);
            return b;
        }
        return null;
    }

    private static boolean sameClass(Object a, Object b) {
        return a.getClass() == b.getClass();
    }

    private static String optionality(Schema schema) {
        return schema.isOptional() ? "optional" : "required";
    }

    private static String describe(Schema schema) {
        if (schema == null) return "null";
        return schema.type() + (schema.name() == null ? "" : "(" + schema.name() + ")")
                + (schema.isOptional() ? " optional" : " required");
    }

    private static String describe(ConnectRecord<?> record) {
        return record.topic() + " key=" + record.key() + " value=" + record.value();
    }

    /** A value for a failure message: strings quoted, bytes in hex, dates as ms, with the class on a clash. */
    private static String show(Object value) {
        if (value == null) return "null";
        if (value instanceof String s) return '"' + s + '"';
        byte[] b = bytes(value);
        if (b != null) return "0x" + HEX.formatHex(b);
        if (value instanceof java.util.Date d) return d.getTime() + "ms (" + d.toInstant() + ")";
        if (value instanceof Struct s) return "Struct" + s;
        return value + " (" + value.getClass().getSimpleName() + ")";
    }
}
