package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * The proto3 scalars row values are written as, each with the Java values it accepts (those of
 * {@link io.cdctoolkit.engine.data.FieldType}). A value of another class is refused rather than
 * converted, so nothing is narrowed silently (e.g. a {@code Long} in an INT32 column).
 */
enum ProtoScalar {
    BOOL(FieldDescriptorProto.Type.TYPE_BOOL, WireFormat.WIRETYPE_VARINT, "Boolean") {
        @Override Object check(Object v) { return (Boolean) v; }
        @Override boolean isDefault(Object v) { return !(Boolean) v; }
        @Override int size(Object v) { return 1; }
        @Override void write(CodedOutputStream out, Object v) throws IOException { out.writeBoolNoTag((Boolean) v); }
    },
    INT32(FieldDescriptorProto.Type.TYPE_INT32, WireFormat.WIRETYPE_VARINT, "Byte, Short or Integer") {
        @Override Object check(Object v) {
            if (v instanceof Integer || v instanceof Short || v instanceof Byte) return v;
            throw new ClassCastException(v.getClass().getName());
        }
        @Override boolean isDefault(Object v) { return ((Number) v).intValue() == 0; }
        @Override int size(Object v) { return CodedOutputStream.computeInt32SizeNoTag(((Number) v).intValue()); }
        @Override void write(CodedOutputStream out, Object v) throws IOException { out.writeInt32NoTag(((Number) v).intValue()); }
    },
    INT64(FieldDescriptorProto.Type.TYPE_INT64, WireFormat.WIRETYPE_VARINT, "Long (or a narrower integer)") {
        @Override Object check(Object v) {
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return v;
            throw new ClassCastException(v.getClass().getName());
        }
        @Override boolean isDefault(Object v) { return ((Number) v).longValue() == 0; }
        @Override int size(Object v) { return CodedOutputStream.computeInt64SizeNoTag(((Number) v).longValue()); }
        @Override void write(CodedOutputStream out, Object v) throws IOException { out.writeInt64NoTag(((Number) v).longValue()); }
    },
    FLOAT(FieldDescriptorProto.Type.TYPE_FLOAT, WireFormat.WIRETYPE_FIXED32, "Float") {
        @Override Object check(Object v) { return (Float) v; }
        // proto3 leaves out +0.0 only (protobuf-java compares raw bits, so -0.0 is kept)
        @Override boolean isDefault(Object v) { return Float.floatToRawIntBits((Float) v) == 0; }
        @Override int size(Object v) { return 4; }
        @Override void write(CodedOutputStream out, Object v) throws IOException { out.writeFloatNoTag((Float) v); }
    },
    DOUBLE(FieldDescriptorProto.Type.TYPE_DOUBLE, WireFormat.WIRETYPE_FIXED64, "Double (or Float)") {
        @Override Object check(Object v) {
            if (v instanceof Double || v instanceof Float) return v;
            throw new ClassCastException(v.getClass().getName());
        }
        @Override boolean isDefault(Object v) { return Double.doubleToRawLongBits(((Number) v).doubleValue()) == 0; }
        @Override int size(Object v) { return 8; }
        @Override void write(CodedOutputStream out, Object v) throws IOException { out.writeDoubleNoTag(((Number) v).doubleValue()); }
    },
    STRING(FieldDescriptorProto.Type.TYPE_STRING, WireFormat.WIRETYPE_LENGTH_DELIMITED, "String") {
        @Override Object check(Object v) { return (String) v; }
        @Override boolean isDefault(Object v) { return ((String) v).isEmpty(); }
        @Override int size(Object v) { return CodedOutputStream.computeStringSizeNoTag((String) v); }
        @Override void write(CodedOutputStream out, Object v) throws IOException { out.writeStringNoTag((String) v); }
    },
    /** A UUID as its canonical text. */
    UUID(FieldDescriptorProto.Type.TYPE_STRING, WireFormat.WIRETYPE_LENGTH_DELIMITED, "java.util.UUID") {
        @Override Object check(Object v) { return (java.util.UUID) v; }
        @Override boolean isDefault(Object v) { return false; }
        @Override int size(Object v) { return CodedOutputStream.computeStringSizeNoTag(v.toString()); }
        @Override void write(CodedOutputStream out, Object v) throws IOException { out.writeStringNoTag(v.toString()); }
    },
    /** A decimal as plain text ({@link BigDecimal#toPlainString}): exact, every digit and the scale kept. */
    DECIMAL(FieldDescriptorProto.Type.TYPE_STRING, WireFormat.WIRETYPE_LENGTH_DELIMITED, "BigDecimal") {
        @Override Object check(Object v) { return (BigDecimal) v; }
        @Override boolean isDefault(Object v) { return false; }
        @Override int size(Object v) { return CodedOutputStream.computeStringSizeNoTag(((BigDecimal) v).toPlainString()); }
        @Override void write(CodedOutputStream out, Object v) throws IOException { out.writeStringNoTag(((BigDecimal) v).toPlainString()); }
    },
    BYTES(FieldDescriptorProto.Type.TYPE_BYTES, WireFormat.WIRETYPE_LENGTH_DELIMITED, "byte[]") {
        @Override Object check(Object v) { return (byte[]) v; }
        @Override boolean isDefault(Object v) { return ((byte[]) v).length == 0; }
        @Override int size(Object v) { return CodedOutputStream.computeByteArraySizeNoTag((byte[]) v); }
        @Override void write(CodedOutputStream out, Object v) throws IOException { out.writeByteArrayNoTag((byte[]) v); }
    };

    private final FieldDescriptorProto.Type protoType;
    private final int wireType;
    private final String javaTypes;

    ProtoScalar(FieldDescriptorProto.Type protoType, int wireType, String javaTypes) {
        this.protoType = protoType;
        this.wireType = wireType;
        this.javaTypes = javaTypes;
    }

    /** The proto3 type in the schema. */
    FieldDescriptorProto.Type protoType() {
        return protoType;
    }

    /** The wire type of one value. */
    int wireType() {
        return wireType;
    }

    /** Whether repeated values of this scalar are packed (proto3 packs numeric scalars by default). */
    boolean packed() {
        return wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    /** The Java classes accepted, for messages. */
    String javaTypes() {
        return javaTypes;
    }

    /** Returns {@code v} if it is of an accepted class, else throws {@link ClassCastException}. */
    abstract Object check(Object v);

    /** Whether proto3 leaves the value out of a field without explicit presence. */
    abstract boolean isDefault(Object v);

    /** Encoded size without tag. */
    abstract int size(Object v);

    /** Writes the value without tag. */
    abstract void write(CodedOutputStream out, Object v) throws IOException;
}
