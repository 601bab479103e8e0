package io.cdctoolkit.schema.protobuf;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowSchema;

/**
 * How a {@link FieldType} is laid out in proto3, independent of message names: the one place that
 * decides the mapping, so the derived schema ({@link ProtoSchemaDeriver}) and the compiled writer
 * ({@link ProtoRowWriter}) cannot disagree.
 */
sealed interface ProtoShape {

    /** A scalar value (no nested message). */
    record Scalar(ProtoScalar scalar) implements ProtoShape {
    }

    /** A value written as a nested message. */
    record Message(MessageShape message) implements ProtoShape {
    }

    /** The message kinds values become. */
    sealed interface MessageShape {
    }

    /** A nested row (STRUCT, and {@code before}/{@code after}/{@code source} of an envelope). */
    record RowMessage(RowSchema schema) implements MessageShape {
    }

    /** {@code google.protobuf.Timestamp} (TIMESTAMP, TIMESTAMP_TZ). */
    record TimestampMessage() implements MessageShape {
    }

    /** {@code google.type.Date} (DATE). */
    record DateMessage() implements MessageShape {
    }

    /** {@code google.type.TimeOfDay} (TIME). */
    record TimeOfDayMessage() implements MessageShape {
    }

    /**
     * A list wrapped in a message ({@code repeated T values = 1}): used where a plain {@code repeated}
     * field cannot say what the data says — a nullable array (null and empty must stay apart) and an
     * array inside an array or map (proto has no repeated-of-repeated).
     */
    record ListMessage(ProtoShape element) implements MessageShape {
    }

    /** A map wrapped in a message ({@code map<string, T> entries = 1}), for the same reasons as {@link ListMessage}. */
    record MapMessage(ProtoShape value) implements MessageShape {
    }

    /** How a field repeats. */
    enum Cardinality { SINGULAR, REPEATED, MAP }

    /**
     * One field of a row message (its number is the derivation's: {@link FieldNumbers}).
     *
     * @param cardinality      singular, repeated or map
     * @param value            the shape of the value (of each element / map value when not singular)
     * @param explicitPresence whether a singular scalar is declared proto3 {@code optional}
     */
    record FieldShape(Cardinality cardinality, ProtoShape value, boolean explicitPresence) {
    }

    /** The shape of a field of a row schema. */
    static FieldShape of(Field field) {
        FieldType type = field.type();
        if (type instanceof FieldType.Array array && !field.optional()) {
            return new FieldShape(Cardinality.REPEATED, valueOf(array.element()), false);
        }
        if (type instanceof FieldType.MapType map && !field.optional()) {
            return new FieldShape(Cardinality.MAP, valueOf(map.value()), false);
        }
        ProtoShape value = valueOf(type);
        return new FieldShape(Cardinality.SINGULAR, value, field.optional() && value instanceof Scalar);
    }

    /** The shape of one value of {@code type} (a singular field, a list element, a map value). */
    static ProtoShape valueOf(FieldType type) {
        return switch (type.kind()) {
            case BOOLEAN -> new Scalar(ProtoScalar.BOOL);
            case INT8, INT16, INT32 -> new Scalar(ProtoScalar.INT32);
            case INT64 -> new Scalar(ProtoScalar.INT64);
            case FLOAT32 -> new Scalar(ProtoScalar.FLOAT);
            case FLOAT64 -> new Scalar(ProtoScalar.DOUBLE);
            case STRING, JSON, ENUM -> new Scalar(ProtoScalar.STRING);
            case UUID -> new Scalar(ProtoScalar.UUID);
            case DECIMAL -> new Scalar(ProtoScalar.DECIMAL);
            case BYTES -> new Scalar(ProtoScalar.BYTES);
            case DATE -> new Message(new DateMessage());
            case TIME -> new Message(new TimeOfDayMessage());
            case TIMESTAMP, TIMESTAMP_TZ -> new Message(new TimestampMessage());
            case ARRAY -> new Message(new ListMessage(valueOf(((FieldType.Array) type).element())));
            case MAP -> new Message(new MapMessage(valueOf(((FieldType.MapType) type).value())));
            case STRUCT -> new Message(new RowMessage(((FieldType.Struct) type).schema()));
        };
    }
}
