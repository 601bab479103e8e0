package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes one field (tag included) of a compiled message: tags are computed once, and values are
 * encoded straight to a {@link CodedOutputStream}. Each writer knows its field's path (e.g.
 * {@code after.price}) for error messages.
 */
abstract class ProtoFieldWriter {

    protected final String path;

    ProtoFieldWriter(String path) {
        this.path = path;
    }

    /** Encoded size of the field holding {@code value} (0 when nothing is written). */
    final int size(Object value) {
        try {
            return sizeOf(value);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("field '" + path + "': value of " + value.getClass().getName()
                    + " does not match its type (" + expected() + " expected)");
        }
    }

    /** A field's tag: number and wire type (protobuf-java's {@code WireFormat.makeTag} is not public). */
    static int makeTag(int number, int wireType) {
        return (number << 3) | wireType;
    }

    abstract int sizeOf(Object value);

    abstract void write(CodedOutputStream out, Object value) throws IOException;

    abstract String expected();

    IllegalArgumentException fail(String reason) {
        return new IllegalArgumentException("field '" + path + "': " + reason);
    }

    /** How one value (list element, map value, singular value) is encoded without its tag. */
    interface ValueCodec {
        int wireType();

        int size(Object value);

        void write(CodedOutputStream out, Object value) throws IOException;

        String expected();
    }

    /** A scalar value. */
    record ScalarCodec(ProtoScalar scalar) implements ValueCodec {
        @Override public int wireType() { return scalar.wireType(); }
        @Override public int size(Object value) { return scalar.size(scalar.check(value)); }
        @Override public void write(CodedOutputStream out, Object value) throws IOException { scalar.write(out, value); }
        @Override public String expected() { return scalar.javaTypes(); }
    }

    /** A nested message: length, then body. */
    record MessageCodec(ProtoMessageWriter message, String javaType) implements ValueCodec {
        @Override public int wireType() { return WireFormat.WIRETYPE_LENGTH_DELIMITED; }

        @Override public int size(Object value) {
            int body = message.size(value);
            return CodedOutputStream.computeUInt32SizeNoTag(body) + body;
        }

        @Override public void write(CodedOutputStream out, Object value) throws IOException {
            out.writeUInt32NoTag(message.size(value));
            message.write(out, value);
        }

        @Override public String expected() { return javaType; }
    }

    /**
     * A singular field. Without explicit presence (a required scalar) proto3 leaves the default value
     * out; with it (proto3 {@code optional}, or any message) null is left out and anything else written.
     */
    static final class Singular extends ProtoFieldWriter {
        private final int tag;
        private final int tagSize;
        private final ValueCodec codec;
        private final boolean nullable;
        private final ProtoScalar implicitScalar;

        Singular(String path, int number, ValueCodec codec, boolean nullable, boolean explicitPresence) {
            super(path);
            this.tag = makeTag(number, codec.wireType());
            this.tagSize = CodedOutputStream.computeUInt32SizeNoTag(tag);
            this.codec = codec;
            this.nullable = nullable;
            this.implicitScalar = !explicitPresence && codec instanceof ScalarCodec s ? s.scalar() : null;
        }

        @Override int sizeOf(Object value) {
            if (value == null) {
                if (nullable) return 0;
                throw fail("is required but the value is null");
            }
            int size = codec.size(value);
            return implicitScalar != null && implicitScalar.isDefault(value) ? 0 : tagSize + size;
        }

        @Override void write(CodedOutputStream out, Object value) throws IOException {
            if (value == null || (implicitScalar != null && implicitScalar.isDefault(value))) return;
            out.writeUInt32NoTag(tag);
            codec.write(out, value);
        }

        @Override String expected() { return codec.expected(); }
    }

    /** A repeated field: numeric scalars packed (proto3's default), others one tagged value per element. */
    static final class Repeated extends ProtoFieldWriter {
        private final int number;
        private final ValueCodec codec;
        private final boolean packed;
        private final int tag;
        private final int tagSize;

        Repeated(String path, int number, ValueCodec codec) {
            super(path);
            this.number = number;
            this.codec = codec;
            this.packed = codec instanceof ScalarCodec s && s.scalar().packed();
            this.tag = makeTag(number, packed ? WireFormat.WIRETYPE_LENGTH_DELIMITED : codec.wireType());
            this.tagSize = CodedOutputStream.computeUInt32SizeNoTag(tag);
        }

        @Override int sizeOf(Object value) {
            if (value == null) throw fail("is a required array but the value is null");
            List<?> list = (List<?>) value;
            if (list.isEmpty()) return 0;
            int size = 0;
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                if (element == null) {
                    throw fail("element " + i + " is null; Protobuf repeated fields cannot hold null elements");
                }
                size += codec.size(element);
            }
            return packed ? tagSize + CodedOutputStream.computeUInt32SizeNoTag(size) + size : size + tagSize * list.size();
        }

        @Override void write(CodedOutputStream out, Object value) throws IOException {
            List<?> list = (List<?>) value;
            if (list.isEmpty()) return;
            if (packed) {
                int size = 0;
                for (Object element : list) size += codec.size(element);
                out.writeUInt32NoTag(tag);
                out.writeUInt32NoTag(size);
                for (Object element : list) codec.write(out, element);
            } else {
                for (Object element : list) {
                    out.writeUInt32NoTag(tag);
                    codec.write(out, element);
                }
            }
        }

        @Override String expected() { return "List of " + codec.expected() + " (field " + number + ")"; }
    }

    /** A {@code map<string, T>} field: one entry message per key, key (1) and value (2) always written. */
    static final class MapField extends ProtoFieldWriter {
        private static final int KEY_TAG = makeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        private final ValueCodec codec;
        private final int tag;
        private final int tagSize;
        private final int valueTag;
        private final int valueTagSize;

        MapField(String path, int number, ValueCodec codec) {
            super(path);
            this.codec = codec;
            this.tag = makeTag(number, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            this.tagSize = CodedOutputStream.computeUInt32SizeNoTag(tag);
            this.valueTag = makeTag(2, codec.wireType());
            this.valueTagSize = CodedOutputStream.computeUInt32SizeNoTag(valueTag);
        }

        @Override int sizeOf(Object value) {
            if (value == null) throw fail("is a required map but the value is null");
            int size = 0;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String)) throw fail("map key " + e.getKey() + " is not a String");
                if (e.getValue() == null) {
                    throw fail("the value of key '" + e.getKey() + "' is null; Protobuf map values cannot be null");
                }
                int entry = entrySize((String) e.getKey(), e.getValue());
                size += tagSize + CodedOutputStream.computeUInt32SizeNoTag(entry) + entry;
            }
            return size;
        }

        private int entrySize(String key, Object value) {
            return 1 + CodedOutputStream.computeStringSizeNoTag(key) + valueTagSize + codec.size(value);
        }

        @Override void write(CodedOutputStream out, Object value) throws IOException {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                String key = (String) e.getKey();
                out.writeUInt32NoTag(tag);
                out.writeUInt32NoTag(entrySize(key, e.getValue()));
                out.writeUInt32NoTag(KEY_TAG);
                out.writeStringNoTag(key);
                out.writeUInt32NoTag(valueTag);
                codec.write(out, e.getValue());
            }
        }

        @Override String expected() { return "Map<String, " + codec.expected() + ">"; }
    }
}
