package io.cdctoolkit.compat.registry;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowSchema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a decoded Protobuf message (a {@code DynamicMessage} from Apicurio's deserializer) through
 * protobuf-java's reflection API into plain Java values, following the mapping docs/formats/protobuf.md
 * promises consumers: presence for nullable fields, {@code google.type.Date} / {@code TimeOfDay},
 * {@code google.protobuf.Timestamp}, decimals and uuids as text, and a one-field wrapper message for
 * nullable arrays and maps.
 */
final class ProtobufPlain {

    private ProtobufPlain() {
    }

    /** A message of a row schema → field name → plain value. */
    static Map<String, Object> row(RowSchema schema, Message message) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field field : schema.fields()) {
            FieldDescriptor fd = message.getDescriptorForType().findFieldByName(field.name());
            assertThat(fd).as("field '%s' of %s", field.name(), message.getDescriptorForType().getFullName()).isNotNull();
            Object value;
            if (fd.isRepeated()) {
                value = message.getField(fd);
            } else if (fd.hasPresence() && !message.hasField(fd)) {
                value = null;
            } else {
                value = message.getField(fd);
            }
            out.put(field.name(), plain(field.type(), value));
        }
        return out;
    }

    static Object plain(FieldType type, Object value) {
        if (value == null) return null;
        return switch (type.kind()) {
            case STRUCT -> row(((FieldType.Struct) type).schema(), (Message) value);
            case ARRAY -> {
                List<Object> out = new ArrayList<>();
                for (Object e : (List<?>) unwrap(value)) out.add(plain(((FieldType.Array) type).element(), e));
                yield out;
            }
            case MAP -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Object entry : (List<?>) unwrap(value)) {
                    Message e = (Message) entry;
                    out.put((String) field(e, "key"), plain(((FieldType.MapType) type).value(), field(e, "value")));
                }
                yield out;
            }
            case DATE -> {
                Message m = message(value, "google.type.Date");
                yield LocalDate.of((Integer) field(m, "year"), (Integer) field(m, "month"), (Integer) field(m, "day"));
            }
            case TIME -> {
                Message m = message(value, "google.type.TimeOfDay");
                yield LocalTime.of((Integer) field(m, "hours"), (Integer) field(m, "minutes"),
                        (Integer) field(m, "seconds"), (Integer) field(m, "nanos"));
            }
            case TIMESTAMP, TIMESTAMP_TZ -> {
                Message m = message(value, "google.protobuf.Timestamp");
                yield Instant.ofEpochSecond((Long) field(m, "seconds"), (Integer) field(m, "nanos"));
            }
            case DECIMAL -> new BigDecimal((String) value);
            case UUID -> UUID.fromString((String) value);
            case BYTES -> ((ByteString) value).toByteArray();
            default -> value; // bool, int32/int64, float, double, string (string, json, enum)
        };
    }

    /** A nullable array or map is a message with one repeated/map field; a required one is the field itself. */
    private static Object unwrap(Object value) {
        if (value instanceof Message wrapper) {
            List<FieldDescriptor> fields = wrapper.getDescriptorForType().getFields();
            assertThat(fields).as("wrapper %s", wrapper.getDescriptorForType().getFullName()).hasSize(1);
            assertThat(fields.get(0).isRepeated()).isTrue();
            return wrapper.getField(fields.get(0));
        }
        return value;
    }

    private static Message message(Object value, String fullName) {
        Message m = (Message) value;
        assertThat(m.getDescriptorForType().getFullName()).isEqualTo(fullName);
        return m;
    }

    private static Object field(Message m, String name) {
        return m.getField(m.getDescriptorForType().findFieldByName(name));
    }
}
