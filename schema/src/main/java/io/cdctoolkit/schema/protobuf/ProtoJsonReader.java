package io.cdctoolkit.schema.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.cdctoolkit.schema.format.PayloadReader;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * Reads Protobuf payloads of one message type as JSON in the shape of the {@code disabled} mode's
 * {@code RowJson}: fields in declaration order, absent fields with presence as {@code null};
 * {@code google.protobuf.Timestamp} as ISO-8601 UTC text with six fraction digits (nine when the
 * value has sub-microsecond digits, so none are dropped), {@code google.type.Date} as
 * {@code yyyy-MM-dd}, {@code google.type.TimeOfDay} as {@code HH:mm:ss.SSSSSS} (nine digits likewise),
 * bytes as base64, enums by name, 64-bit integers as numbers, NaN/±Infinity as strings; our
 * {@code ListOf…}/{@code MapOf…} wrappers and Google's {@code *Value} wrappers unwrapped.
 *
 * <p>Parses with protobuf-java's {@link DynamicMessage} (readers are not on the capture hot path, and
 * it handles everything a foreign producer may send: unknown fields, packed or not). Field names are
 * the schema's (proto-safe) names.
 */
final class ProtoJsonReader implements PayloadReader {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final Descriptor descriptor;

    ProtoJsonReader(Descriptor descriptor) {
        this.descriptor = descriptor;
    }

    @Override
    public JsonNode read(byte[] data, int offset, int length) throws IOException {
        DynamicMessage message;
        try {
            message = DynamicMessage.parseFrom(descriptor, com.google.protobuf.CodedInputStream.newInstance(data, offset, length));
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("not a valid " + descriptor.getFullName() + " message: " + e.getMessage(), e);
        }
        return message(message);
    }

    private static JsonNode message(Message message) {
        Descriptor type = message.getDescriptorForType();
        switch (type.getFullName()) {
            case WellKnownProtos.TIMESTAMP -> {
                return JSON.textNode(timestamp(message));
            }
            case WellKnownProtos.DATE -> {
                return JSON.textNode(LocalDate.of(intField(message, 1), intField(message, 2), intField(message, 3)).toString());
            }
            case WellKnownProtos.TIME_OF_DAY -> {
                return JSON.textNode(timeOfDay(message));
            }
            case ConfluentProtos.DECIMAL -> {
                return JSON.textNode(confluentDecimal(message));
            }
            default -> { }
        }
        if (type.getFile().getPackage().equals("google.protobuf") && type.getName().endsWith("Value")
                && type.getFields().size() == 1 && type.getFields().get(0).getName().equals("value")) {
            FieldDescriptor value = type.getFields().get(0);
            return single(value, message.getField(value));
        }
        FieldDescriptor wrapped = wrapperField(type);
        if (wrapped != null) return field(message, wrapped);
        ObjectNode out = JSON.objectNode();
        for (FieldDescriptor field : type.getFields()) out.set(field.getName(), field(message, field));
        return out;
    }

    /** The one field of our {@code ListOf…} ({@code repeated values = 1}) or {@code MapOf…} ({@code map entries = 1}) wrappers. */
    private static FieldDescriptor wrapperField(Descriptor type) {
        if (type.getFields().size() != 1) return null;
        FieldDescriptor only = type.getFields().get(0);
        if (only.getNumber() != 1 || !only.isRepeated()) return null;
        if (type.getName().startsWith("ListOf") && only.getName().equals("values") && !only.isMapField()) return only;
        if (type.getName().startsWith("MapOf") && only.getName().equals("entries") && only.isMapField()) return only;
        return null;
    }

    private static JsonNode field(Message message, FieldDescriptor field) {
        if (field.isMapField()) {
            ObjectNode out = JSON.objectNode();
            FieldDescriptor key = field.getMessageType().findFieldByNumber(1);
            FieldDescriptor value = field.getMessageType().findFieldByNumber(2);
            for (Object entry : (List<?>) message.getField(field)) {
                Message e = (Message) entry;
                out.set(String.valueOf(e.getField(key)), single(value, e.getField(value)));
            }
            return out;
        }
        if (field.isRepeated()) {
            ArrayNode out = JSON.arrayNode();
            for (Object element : (List<?>) message.getField(field)) out.add(single(field, element));
            return out;
        }
        if (field.hasPresence() && !message.hasField(field)) return JSON.nullNode();
        return single(field, message.getField(field));
    }

    private static JsonNode single(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case BOOLEAN -> JSON.booleanNode((Boolean) value);
            case INT -> isUnsigned(field) ? JSON.numberNode(Integer.toUnsignedLong((Integer) value)) : JSON.numberNode((Integer) value);
            case LONG -> {
                long l = (Long) value;
                yield isUnsigned(field) && l < 0 ? JSON.numberNode(new BigInteger(Long.toUnsignedString(l))) : JSON.numberNode(l);
            }
            case FLOAT -> {
                float f = (Float) value;
                yield Float.isFinite(f) ? JSON.numberNode(f) : JSON.textNode(Double.toString(f));
            }
            case DOUBLE -> {
                double d = (Double) value;
                yield Double.isFinite(d) ? JSON.numberNode(d) : JSON.textNode(Double.toString(d));
            }
            case STRING -> JSON.textNode((String) value);
            case BYTE_STRING -> JSON.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM -> JSON.textNode(((EnumValueDescriptor) value).getName());
            case MESSAGE -> message((Message) value);
        };
    }

    private static boolean isUnsigned(FieldDescriptor field) {
        return switch (field.getType()) {
            case UINT32, FIXED32, UINT64, FIXED64 -> true;
            default -> false;
        };
    }

    private static int intField(Message message, int number) {
        return (Integer) message.getField(message.getDescriptorForType().findFieldByNumber(number));
    }

    private static String timestamp(Message message) {
        long seconds = (Long) message.getField(message.getDescriptorForType().findFieldByNumber(1));
        int nanos = intField(message, 2);
        Instant t = Instant.ofEpochSecond(seconds, nanos);
        return (nanos % 1000 == 0 ? MICROS : NANOS).format(t);
    }

    /**
     * Confluent's decimal as exact plain text, as this reader renders decimals: the unscaled value is {@code value}'s
     * big-endian two's complement bytes ({@code BigInteger.toByteArray()}, Confluent's {@code DecimalUtils}), the
     * scale field 3. No bytes is zero.
     */
    private static String confluentDecimal(Message message) {
        byte[] unscaled = ((ByteString) message.getField(message.getDescriptorForType().findFieldByNumber(1))).toByteArray();
        BigInteger value = unscaled.length == 0 ? BigInteger.ZERO : new BigInteger(unscaled);
        return new java.math.BigDecimal(value, intField(message, 3)).toPlainString();
    }

    private static String timeOfDay(Message message) {
        int nanos = intField(message, 4);
        String fraction = nanos % 1000 == 0 ? String.format(java.util.Locale.ROOT, "%06d", nanos / 1000) : String.format(java.util.Locale.ROOT, "%09d", nanos);
        return String.format(java.util.Locale.ROOT, "%02d:%02d:%02d.%s", intField(message, 1), intField(message, 2), intField(message, 3), fraction);
    }
}
