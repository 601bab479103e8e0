package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.SchemaNames;
import io.cdctoolkit.schema.protobuf.ProtoShape.FieldShape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Derives the proto3 file of a row schema: package = the topic (made safe), one top-level message
 * ({@code Envelope}, {@code Value} or {@code Key}, message index {@code [0]}) and every other message
 * it needs nested inside it — the table row ({@code Value}, shared by {@code before} and
 * {@code after}), the {@code source} block and struct columns by their safe simple names (a second,
 * different schema with the same name gets {@code _2}, {@code _3}… in first-use order), and the
 * {@code ListOf…}/{@code MapOf…} wrappers.
 *
 * <p>Field numbers: positions + 1 for a subject's first version. Derived as the next version of a previous one
 * ({@link FieldNumbers}), a field keeps the number its name had in the previous version's message of the same name, a
 * new field takes the next number never used in that message, and the numbers and names of dropped fields are
 * declared {@code reserved} (so that no later version reuses them): a consumer's generated classes of any version then read
 * every field by its own name, and dropping a column is a compatible change.
 */
final class ProtoSchemaDeriver {

    private ProtoSchemaDeriver() {
    }

    /** The derived file: its descriptor (built by protobuf-java) and its top-level message's full name. */
    record DerivedProto(FileDescriptor file, String recordName) {
    }

    static DerivedProto derive(String topic, boolean key, RowSchema schema) {
        return derive(topic, key, schema, null);
    }

    /**
     * @param previous the subject's previous version (its top-level message is the first of the file), or null for a
     *                 first version
     */
    static DerivedProto derive(String topic, boolean key, RowSchema schema, FileDescriptor previous) {
        String recordName = SchemaNames.topLevel(topic, key, schema);
        String pkg = SchemaNames.namespace(recordName);
        String topName = SchemaNames.simpleName(recordName);
        Context ctx = new Context("." + recordName, previous);
        if (!key && Envelope.isEnvelope(schema)) ctx.preassign(Envelope.rowSchema(schema), "Value");
        // Nested types share the top-level message's scope with its fields (and map entries).
        List<String> topFieldNames = FieldNames.of(schema);
        ctx.taken.addAll(topFieldNames);
        for (int i = 0; i < schema.size(); i++) {
            if (ProtoShape.of(schema.field(i)).cardinality() == ProtoShape.Cardinality.MAP) {
                ctx.taken.add(FieldNames.mapEntryName(topFieldNames.get(i)));
            }
        }
        DescriptorProto.Builder top = ctx.rowMessage(topName, "." + recordName, schema, ctx.previousTop);
        ctx.nested.values().forEach(top::addNestedType);
        FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder()
                .setName(recordName + ".proto")
                .setSyntax("proto3")
                .addAllDependency(ctx.imports)
                .addMessageType(top);
        if (!pkg.isEmpty()) file.setPackage(pkg);
        FileDescriptor[] deps = ctx.imports.stream().map(WellKnownProtos::file).toArray(FileDescriptor[]::new);
        try {
            return new DerivedProto(FileDescriptor.buildFrom(file.build(), deps), recordName);
        } catch (DescriptorValidationException e) {
            throw new IllegalArgumentException("row schema " + schema.name() + " cannot be expressed in proto3: "
                    + e.getMessage(), e);
        }
    }

    /** Names and definitions of the nested messages of one file. */
    private static final class Context {
        private final String topPath;
        private final Set<String> taken = new HashSet<>();
        private final Map<Object, String> names = new HashMap<>();
        /** Definitions in first-use order (insertion order of the name, filled in after recursion). */
        private final Map<String, DescriptorProto> nested = new LinkedHashMap<>();
        private final Set<String> imports = new TreeSet<>();
        /** The previous version's top-level message, or null. */
        private final Descriptor previousTop;

        Context(String topPath, FileDescriptor previous) {
            this.topPath = topPath;
            this.previousTop = previous == null || previous.getMessageTypes().isEmpty() ? null
                    : previous.getMessageTypes().get(0);
        }

        /** The previous version's nested message of this name (nested messages are named within the top-level one). */
        private Descriptor previousNested(String name) {
            return previousTop == null ? null : previousTop.findNestedTypeByName(name);
        }

        void preassign(RowSchema rowSchema, String name) {
            names.put(rowSchema, name);
            taken.add(name);
        }

        DescriptorProto.Builder rowMessage(String name, String path, RowSchema schema, Descriptor previous) {
            DescriptorProto.Builder msg = DescriptorProto.newBuilder().setName(name);
            List<String> fieldNames = FieldNames.of(schema);
            FieldNumbers numbers = FieldNumbers.assign(fieldNames, previous);
            Set<String> symbols = new HashSet<>(fieldNames);
            for (int i = 0; i < schema.size(); i++) {
                Field field = schema.field(i);
                FieldShape shape = ProtoShape.of(field);
                String fieldName = fieldNames.get(i);
                FieldDescriptorProto.Builder f = FieldDescriptorProto.newBuilder()
                        .setName(fieldName).setNumber(numbers.number(i));
                switch (shape.cardinality()) {
                    case SINGULAR -> {
                        f.setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
                        setType(f, shape.value());
                        if (shape.explicitPresence()) {
                            f.setProto3Optional(true).setOneofIndex(msg.getOneofDeclCount());
                            msg.addOneofDecl(OneofDescriptorProto.newBuilder()
                                    .setName(FieldNames.syntheticOneofName(fieldName, symbols)));
                        }
                    }
                    case REPEATED -> {
                        f.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED);
                        setType(f, shape.value());
                    }
                    case MAP -> {
                        String entryName = FieldNames.mapEntryName(fieldName);
                        msg.addNestedType(mapEntry(entryName, shape.value()));
                        f.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                                .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                                .setTypeName(path + "." + entryName);
                    }
                }
                msg.addField(f);
            }
            numbers.reserved().forEach(msg::addReservedRange);
            msg.addAllReservedName(numbers.reservedNames());
            return msg;
        }

        private DescriptorProto mapEntry(String entryName, ProtoShape value) {
            FieldDescriptorProto.Builder valueField = FieldDescriptorProto.newBuilder()
                    .setName("value").setNumber(2).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
            setType(valueField, value);
            return DescriptorProto.newBuilder().setName(entryName)
                    .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                    .addField(FieldDescriptorProto.newBuilder().setName("key").setNumber(1)
                            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                            .setType(FieldDescriptorProto.Type.TYPE_STRING))
                    .addField(valueField)
                    .build();
        }

        private void setType(FieldDescriptorProto.Builder f, ProtoShape shape) {
            if (shape instanceof ProtoShape.Scalar s) {
                f.setType(s.scalar().protoType());
            } else {
                f.setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                        .setTypeName(typeName(((ProtoShape.Message) shape).message()));
            }
        }

        /** The full name (leading dot) of a message shape, defining the nested message on first use. */
        private String typeName(ProtoShape.MessageShape shape) {
            if (shape instanceof ProtoShape.TimestampMessage) {
                return wellKnown(WellKnownProtos.TIMESTAMP_FILE, WellKnownProtos.TIMESTAMP);
            }
            if (shape instanceof ProtoShape.DateMessage) return wellKnown(WellKnownProtos.DATE_FILE, WellKnownProtos.DATE);
            if (shape instanceof ProtoShape.TimeOfDayMessage) {
                return wellKnown(WellKnownProtos.TIME_OF_DAY_FILE, WellKnownProtos.TIME_OF_DAY);
            }
            if (shape instanceof ProtoShape.RowMessage r) return topPath + "." + rowName(r.schema());
            if (shape instanceof ProtoShape.ListMessage l) {
                return topPath + "." + wrapperName("ListOf", l.element(), "values", false);
            }
            ProtoShape.MapMessage m = (ProtoShape.MapMessage) shape;
            return topPath + "." + wrapperName("MapOf", m.value(), "entries", true);
        }

        private String wellKnown(String file, String type) {
            imports.add(file);
            return "." + type;
        }

        private String rowName(RowSchema schema) {
            String name = names.get(schema);
            if (name != null && nested.containsKey(name)) return name;
            if (name == null) {
                name = unique(SchemaNames.safeSegment(SchemaNames.simpleName(schema.name())));
                names.put(schema, name);
            }
            nested.put(name, null); // reserve the position: first use decides the order
            nested.put(name, rowMessage(name, topPath + "." + name, schema, previousNested(name)).build());
            return name;
        }

        private String wrapperName(String prefix, ProtoShape inner, String fieldName, boolean map) {
            String token = token(inner);
            Object key = prefix + ":" + token;
            String name = names.get(key);
            if (name != null) return name;
            name = unique(prefix + token);
            names.put(key, name);
            nested.put(name, null);
            DescriptorProto.Builder msg = DescriptorProto.newBuilder().setName(name);
            FieldDescriptorProto.Builder f = FieldDescriptorProto.newBuilder().setName(fieldName).setNumber(1)
                    .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED);
            if (map) {
                String entryName = FieldNames.mapEntryName(fieldName);
                msg.addNestedType(mapEntry(entryName, inner));
                f.setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(topPath + "." + name + "." + entryName);
            } else {
                setType(f, inner);
            }
            nested.put(name, msg.addField(f).build());
            return name;
        }

        /** A name part for what a wrapper holds: the proto type's name, capitalised. */
        private String token(ProtoShape shape) {
            if (shape instanceof ProtoShape.Scalar s) {
                return switch (s.scalar().protoType()) {
                    case TYPE_BOOL -> "Bool";
                    case TYPE_INT32 -> "Int32";
                    case TYPE_INT64 -> "Int64";
                    case TYPE_FLOAT -> "Float";
                    case TYPE_DOUBLE -> "Double";
                    case TYPE_BYTES -> "Bytes";
                    default -> "String";
                };
            }
            String full = typeName(((ProtoShape.Message) shape).message());
            return full.substring(full.lastIndexOf('.') + 1);
        }

        private String unique(String base) {
            String name = base;
            for (int n = 2; taken.contains(name); n++) name = base + "_" + n;
            taken.add(name);
            return name;
        }
    }

    /** Field-level names: safe, unique within a message, and protoc's rules for generated names. */
    static final class FieldNames {
        private FieldNames() {
        }

        /** The proto field names of a row schema's fields, in order: safe, and unique after making them safe. */
        static List<String> of(RowSchema schema) {
            List<String> out = new ArrayList<>(schema.size());
            Set<String> seen = new HashSet<>();
            for (Field f : schema.fields()) {
                String base = SchemaNames.safeSegment(f.name());
                String name = base;
                for (int n = 2; !seen.add(name); n++) name = base + "_" + n;
                out.add(name);
            }
            return out;
        }

        /** protoc's name of a map field's entry message: the field name in CamelCase + {@code Entry}. */
        static String mapEntryName(String fieldName) {
            StringBuilder out = new StringBuilder(fieldName.length() + 5);
            boolean capNext = true;
            for (char c : fieldName.toCharArray()) {
                if (c == '_') {
                    capNext = true;
                } else if (capNext) {
                    out.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
                    capNext = false;
                } else {
                    out.append(c);
                }
            }
            return out.append("Entry").toString();
        }

        /** protoc's name of the synthetic oneof of a proto3 {@code optional} field: {@code _name}, {@code X} prepended while taken. */
        static String syntheticOneofName(String fieldName, Set<String> symbols) {
            String name = "_" + fieldName;
            while (symbols.contains(name)) name = "X" + name;
            symbols.add(name);
            return name;
        }
    }
}
