package io.cdctoolkit.engine.data;

import java.util.List;
import java.util.Objects;

/**
 * Type of a {@link Field}. Simple types are constants of {@link Simple}; parameterised types are
 * records. The Java value each type holds in a {@link Row}:
 * <table>
 *   <caption>Java representation</caption>
 *   <tr><td>BOOLEAN</td><td>Boolean</td></tr>
 *   <tr><td>INT8 / INT16 / INT32 / INT64</td><td>Byte / Short / Integer / Long</td></tr>
 *   <tr><td>FLOAT32 / FLOAT64</td><td>Float / Double</td></tr>
 *   <tr><td>STRING, JSON (text), ENUM (symbol)</td><td>String</td></tr>
 *   <tr><td>BYTES</td><td>byte[]</td></tr>
 *   <tr><td>DECIMAL</td><td>BigDecimal</td></tr>
 *   <tr><td>DATE</td><td>LocalDate</td></tr>
 *   <tr><td>TIME (microsecond precision)</td><td>LocalTime</td></tr>
 *   <tr><td>TIMESTAMP (µs, no zone: wall clock read as UTC), TIMESTAMP_TZ (µs, UTC)</td><td>Instant</td></tr>
 *   <tr><td>UUID</td><td>java.util.UUID</td></tr>
 *   <tr><td>ARRAY</td><td>List</td></tr>
 *   <tr><td>MAP (string keys)</td><td>Map&lt;String, ?&gt;</td></tr>
 *   <tr><td>STRUCT</td><td>{@link Row}</td></tr>
 * </table>
 */
public sealed interface FieldType {

    /** The type's kind, for switches. */
    Kind kind();

    /** Every kind of field type. */
    enum Kind {
        BOOLEAN, INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, STRING, BYTES, DECIMAL, DATE, TIME,
        TIMESTAMP, TIMESTAMP_TZ, UUID, JSON, ENUM, ARRAY, MAP, STRUCT
    }

    Simple BOOLEAN = new Simple(Kind.BOOLEAN);
    Simple INT8 = new Simple(Kind.INT8);
    Simple INT16 = new Simple(Kind.INT16);
    Simple INT32 = new Simple(Kind.INT32);
    Simple INT64 = new Simple(Kind.INT64);
    Simple FLOAT32 = new Simple(Kind.FLOAT32);
    Simple FLOAT64 = new Simple(Kind.FLOAT64);
    Simple STRING = new Simple(Kind.STRING);
    Simple BYTES = new Simple(Kind.BYTES);
    Simple DATE = new Simple(Kind.DATE);
    Simple TIME = new Simple(Kind.TIME);
    Simple TIMESTAMP = new Simple(Kind.TIMESTAMP);
    Simple TIMESTAMP_TZ = new Simple(Kind.TIMESTAMP_TZ);
    Simple UUID = new Simple(Kind.UUID);
    Simple JSON = new Simple(Kind.JSON);

    /** A type without parameters. */
    record Simple(Kind kind) implements FieldType {
        public Simple {
            switch (kind) {
                case DECIMAL, ENUM, ARRAY, MAP, STRUCT ->
                        throw new IllegalArgumentException(kind + " takes parameters; use its record");
                default -> { }
            }
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Exact decimal number with {@code precision} digits, {@code scale} of them after the point. */
    record Decimal(int precision, int scale) implements FieldType {
        public Decimal {
            if (precision < 1 || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("invalid decimal(" + precision + "," + scale + ")");
            }
        }

        @Override
        public Kind kind() {
            return Kind.DECIMAL;
        }

        @Override
        public String toString() {
            return "decimal(" + precision + "," + scale + ")";
        }
    }

    /** A string restricted to the given symbols (database enums). */
    record Enum(List<String> symbols) implements FieldType {
        public Enum {
            symbols = List.copyOf(symbols);
        }

        @Override
        public Kind kind() {
            return Kind.ENUM;
        }
    }

    /** A list of elements of one type. */
    record Array(FieldType element) implements FieldType {
        public Array {
            Objects.requireNonNull(element, "element");
        }

        @Override
        public Kind kind() {
            return Kind.ARRAY;
        }
    }

    /** A map from string keys to values of one type. */
    record MapType(FieldType value) implements FieldType {
        public MapType {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Kind kind() {
            return Kind.MAP;
        }
    }

    /** A nested row. */
    record Struct(RowSchema schema) implements FieldType {
        public Struct {
            Objects.requireNonNull(schema, "schema");
        }

        @Override
        public Kind kind() {
            return Kind.STRUCT;
        }
    }
}
