package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.protobuf.ProtoFieldWriter.MessageCodec;
import io.cdctoolkit.schema.protobuf.ProtoFieldWriter.ScalarCodec;
import io.cdctoolkit.schema.protobuf.ProtoFieldWriter.ValueCodec;
import io.cdctoolkit.schema.protobuf.ProtoShape.FieldShape;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * Compiles writers from {@link ProtoShape}s (the same mapping the derived schema uses) with the field numbers of the
 * derived messages, and holds the
 * message-body writers: rows, {@code google.protobuf.Timestamp}, {@code google.type.Date},
 * {@code google.type.TimeOfDay} and the list / map wrappers.
 */
final class ProtoMessageWriters {

    /** google.protobuf.Timestamp's documented range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z. */
    private static final long MIN_TIMESTAMP_SECONDS = -62_135_596_800L;
    private static final long MAX_TIMESTAMP_SECONDS = 253_402_300_799L;

    private ProtoMessageWriters() {
    }

    /**
     * The writer of rows of {@code schema} as {@code message} (the message the schema derived to: the field numbers are
     * its own, field {@code i} of the row being its {@code i}-th declared field); {@code prefix} is the path of the
     * field holding them ("" at the top).
     */
    static ProtoMessageWriter row(RowSchema schema, Descriptor message, String prefix) {
        List<FieldDescriptor> declared = message.getFields();
        if (declared.size() != schema.size()) {
            throw new IllegalStateException("message " + message.getFullName() + " declares " + declared.size()
                    + " fields for the " + schema.size() + " of row schema " + schema.name());
        }
        ProtoFieldWriter[] fields = new ProtoFieldWriter[schema.size()];
        for (int i = 0; i < fields.length; i++) {
            Field f = schema.field(i);
            fields[i] = field(f, declared.get(i), prefix.isEmpty() ? f.name() : prefix + "." + f.name());
        }
        return new RowWriter(schema, prefix, fields);
    }

    private static ProtoFieldWriter field(Field f, FieldDescriptor declared, String path) {
        FieldShape shape = ProtoShape.of(f);
        int number = declared.getNumber();
        if (shape.cardinality() == ProtoShape.Cardinality.MAP) {
            FieldDescriptor value = declared.getMessageType().findFieldByNumber(2);
            return new ProtoFieldWriter.MapField(path, number, codec(shape.value(), path, messageOf(value)));
        }
        ValueCodec codec = codec(shape.value(), path, messageOf(declared));
        return switch (shape.cardinality()) {
            case SINGULAR -> new ProtoFieldWriter.Singular(path, number, codec, f.optional(), shape.explicitPresence());
            case REPEATED -> new ProtoFieldWriter.Repeated(path, number, codec);
            case MAP -> throw new IllegalStateException("handled above");
        };
    }

    /** The message type of a message-typed field, else null. */
    private static Descriptor messageOf(FieldDescriptor field) {
        return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
    }

    /** @param message the declared message type of a message-valued shape (its nested rows' field numbers) */
    private static ValueCodec codec(ProtoShape shape, String path, Descriptor message) {
        if (shape instanceof ProtoShape.Scalar s) return new ScalarCodec(s.scalar());
        ProtoShape.MessageShape m = ((ProtoShape.Message) shape).message();
        if (m instanceof ProtoShape.RowMessage r) return new MessageCodec(row(r.schema(), message, path), "Row");
        if (m instanceof ProtoShape.TimestampMessage) return new MessageCodec(new TimestampWriter(path), "Instant");
        if (m instanceof ProtoShape.DateMessage) return new MessageCodec(new DateWriter(path), "LocalDate");
        if (m instanceof ProtoShape.TimeOfDayMessage) return new MessageCodec(new TimeOfDayWriter(), "LocalTime");
        FieldDescriptor wrapped = message.findFieldByNumber(1);
        if (m instanceof ProtoShape.ListMessage l) {
            return new MessageCodec(new WrapperWriter(new ProtoFieldWriter.Repeated(path, 1,
                    codec(l.element(), path + "[]", messageOf(wrapped)))), "List");
        }
        ProtoShape.MapMessage map = (ProtoShape.MapMessage) m;
        FieldDescriptor entryValue = wrapped.getMessageType().findFieldByNumber(2);
        return new MessageCodec(new WrapperWriter(new ProtoFieldWriter.MapField(path, 1,
                codec(map.value(), path + "{}", messageOf(entryValue)))), "Map");
    }

    /** A row: its fields in order, by index (no name lookups). */
    private static final class RowWriter implements ProtoMessageWriter {
        private final RowSchema schema;
        private final String path;
        private final ProtoFieldWriter[] fields;

        RowWriter(RowSchema schema, String path, ProtoFieldWriter[] fields) {
            this.schema = schema;
            this.path = path;
            this.fields = fields;
        }

        @Override public int size(Object value) {
            Row row = (Row) value;
            if (row.schema() != schema && !row.schema().equals(schema)) {
                throw new IllegalArgumentException((path.isEmpty() ? "row" : "field '" + path + "'") + " of schema "
                        + row.schema().name() + " given to the Protobuf writer of " + schema.name());
            }
            int size = 0;
            for (int i = 0; i < fields.length; i++) size += fields[i].size(row.get(i));
            return size;
        }

        @Override public void write(CodedOutputStream out, Object value) throws IOException {
            Row row = (Row) value;
            for (int i = 0; i < fields.length; i++) fields[i].write(out, row.get(i));
        }
    }

    /** {@code google.protobuf.Timestamp {int64 seconds = 1; int32 nanos = 2;}}: exact to the nanosecond. */
    private record TimestampWriter(String path) implements ProtoMessageWriter {
        @Override public int size(Object value) {
            Instant t = (Instant) value;
            if (t.getEpochSecond() < MIN_TIMESTAMP_SECONDS || t.getEpochSecond() > MAX_TIMESTAMP_SECONDS) {
                throw new IllegalArgumentException("field '" + path + "': " + t
                        + " is outside google.protobuf.Timestamp's range (years 0001 to 9999)");
            }
            return (t.getEpochSecond() == 0 ? 0 : 1 + CodedOutputStream.computeInt64SizeNoTag(t.getEpochSecond()))
                    + (t.getNano() == 0 ? 0 : 1 + CodedOutputStream.computeInt32SizeNoTag(t.getNano()));
        }

        @Override public void write(CodedOutputStream out, Object value) throws IOException {
            Instant t = (Instant) value;
            if (t.getEpochSecond() != 0) out.writeInt64(1, t.getEpochSecond());
            if (t.getNano() != 0) out.writeInt32(2, t.getNano());
        }
    }

    /** {@code google.type.Date {int32 year = 1; int32 month = 2; int32 day = 3;}}, years 1 to 9999. */
    private record DateWriter(String path) implements ProtoMessageWriter {
        @Override public int size(Object value) {
            LocalDate d = (LocalDate) value;
            if (d.getYear() < 1 || d.getYear() > 9999) {
                throw new IllegalArgumentException("field '" + path + "': " + d
                        + " is outside google.type.Date's range (years 1 to 9999)");
            }
            return 1 + CodedOutputStream.computeInt32SizeNoTag(d.getYear()) + 2 + 2;
        }

        @Override public void write(CodedOutputStream out, Object value) throws IOException {
            LocalDate d = (LocalDate) value;
            out.writeInt32(1, d.getYear());
            out.writeInt32(2, d.getMonthValue());
            out.writeInt32(3, d.getDayOfMonth());
        }
    }

    /** {@code google.type.TimeOfDay {int32 hours = 1; int32 minutes = 2; int32 seconds = 3; int32 nanos = 4;}}. */
    private record TimeOfDayWriter() implements ProtoMessageWriter {
        @Override public int size(Object value) {
            LocalTime t = (LocalTime) value;
            return part(t.getHour()) + part(t.getMinute()) + part(t.getSecond()) + part(t.getNano());
        }

        private static int part(int v) {
            return v == 0 ? 0 : 1 + CodedOutputStream.computeInt32SizeNoTag(v);
        }

        @Override public void write(CodedOutputStream out, Object value) throws IOException {
            LocalTime t = (LocalTime) value;
            if (t.getHour() != 0) out.writeInt32(1, t.getHour());
            if (t.getMinute() != 0) out.writeInt32(2, t.getMinute());
            if (t.getSecond() != 0) out.writeInt32(3, t.getSecond());
            if (t.getNano() != 0) out.writeInt32(4, t.getNano());
        }
    }

    /** A {@code ListOf…} / {@code MapOf…} wrapper: its one field (number 1) holds the whole list or map. */
    private record WrapperWriter(ProtoFieldWriter field) implements ProtoMessageWriter {
        @Override public int size(Object value) {
            return field.size(value);
        }

        @Override public void write(CodedOutputStream out, Object value) throws IOException {
            field.write(out, value);
        }
    }
}
