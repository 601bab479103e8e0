package io.cdctoolkit.compat.registry;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares a source {@link Row} field by field with what another library decoded, after a per-format
 * converter turned the decoded object into plain Java values: structs as {@code Map<String, Object>}
 * by field name, lists, maps, and the {@link FieldType} Java classes for scalars. Failures name the
 * field path.
 */
final class DecodedRowAssert {

    private DecodedRowAssert() {
    }

    /** Asserts that {@code actual} (a decoded struct) holds exactly the fields and values of {@code expected}. */
    static void assertRow(String path, Row expected, Object actual) {
        RowSchema schema = expected.schema();
        assertThat(actual).as(path).isInstanceOf(Map.class);
        Map<?, ?> decoded = (Map<?, ?>) actual;
        assertThat(new java.util.ArrayList<Object>(decoded.keySet())).as(path + ": field names")
                .containsExactlyInAnyOrderElementsOf(schema.fields().stream().map(Field::name).toList());
        for (int i = 0; i < schema.size(); i++) {
            Field field = schema.field(i);
            assertValue(path + "." + field.name(), field.type(), expected.get(i), decoded.get(field.name()));
        }
    }

    static void assertValue(String path, FieldType type, Object expected, Object actual) {
        if (expected == null) {
            assertThat(actual).as(path).isNull();
            return;
        }
        assertThat(actual).as(path).isNotNull();
        switch (type.kind()) {
            case INT8, INT16, INT32, INT64 -> {
                assertThat(actual).as(path).isInstanceOf(Number.class);
                assertThat(((Number) actual).longValue()).as(path).isEqualTo(((Number) expected).longValue());
            }
            case FLOAT32 -> assertThat(Float.compare(((Number) actual).floatValue(), (Float) expected))
                    .as(path + ": " + actual + " vs " + expected).isZero();
            case FLOAT64 -> assertThat(Double.compare(((Number) actual).doubleValue(), (Double) expected))
                    .as(path + ": " + actual + " vs " + expected).isZero();
            case DECIMAL -> {
                assertThat(actual).as(path).isInstanceOf(BigDecimal.class);
                // Numerically equal: no digit lost or rounded (a reader may widen to the column's scale).
                assertThat(((BigDecimal) actual).compareTo((BigDecimal) expected))
                        .as(path + ": " + actual + " vs " + expected).isZero();
            }
            case BYTES -> assertThat((byte[]) actual).as(path).isEqualTo((byte[]) expected);
            case ARRAY -> {
                FieldType element = ((FieldType.Array) type).element();
                List<?> e = (List<?>) expected;
                assertThat(actual).as(path).isInstanceOf(List.class);
                List<?> a = (List<?>) actual;
                assertThat(a).as(path + ": size").hasSize(e.size());
                for (int i = 0; i < e.size(); i++) assertValue(path + "[" + i + "]", element, e.get(i), a.get(i));
            }
            case MAP -> {
                FieldType value = ((FieldType.MapType) type).value();
                Map<?, ?> e = (Map<?, ?>) expected;
                assertThat(actual).as(path).isInstanceOf(Map.class);
                Map<?, ?> a = (Map<?, ?>) actual;
                assertThat(new java.util.ArrayList<Object>(a.keySet())).as(path + ": keys")
                        .containsExactlyInAnyOrderElementsOf(new java.util.ArrayList<Object>(e.keySet()));
                for (Map.Entry<?, ?> entry : e.entrySet()) {
                    assertValue(path + "{" + entry.getKey() + "}", value, entry.getValue(), a.get(entry.getKey()));
                }
            }
            case STRUCT -> assertRow(path, (Row) expected, actual);
            // boolean, string, json, enum, date, time, timestamps, uuid: the same Java value
            default -> assertThat(actual).as(path).isEqualTo(expected);
        }
    }
}
