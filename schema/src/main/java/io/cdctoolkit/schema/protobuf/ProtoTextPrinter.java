package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;

import java.util.List;

/**
 * Prints a derived file descriptor as {@code .proto} text — the schema registered for Protobuf.
 *
 * <p>Written here because protobuf-java has no {@code .proto} printer (TextFormat prints messages,
 * not schemas), and wire-schema's printer needs its own AST built by hand. It covers what
 * {@link ProtoSchemaDeriver} produces (proto3 messages, nested messages, {@code optional},
 * {@code repeated}, {@code map<>}, {@code reserved} numbers); anything else is a programming error. Type references are fully
 * qualified (leading dot), so they resolve the same under every parser's scoping rules. The output
 * is a function of the descriptor alone: the same schema always gives the same text.
 */
final class ProtoTextPrinter {

    private ProtoTextPrinter() {
    }

    static String print(FileDescriptor file) {
        StringBuilder out = new StringBuilder(512);
        out.append("syntax = \"proto3\";\n");
        if (!file.getPackage().isEmpty()) out.append("\npackage ").append(file.getPackage()).append(";\n");
        if (!file.getDependencies().isEmpty()) {
            out.append('\n');
            for (FileDescriptor dep : file.getDependencies()) out.append("import \"").append(dep.getName()).append("\";\n");
        }
        for (Descriptor message : file.getMessageTypes()) {
            out.append('\n');
            message(out, message, "");
        }
        return out.toString();
    }

    private static void message(StringBuilder out, Descriptor message, String indent) {
        if (!message.getEnumTypes().isEmpty() || message.getRealOneofs().size() > 0) {
            throw new IllegalStateException("enums and oneofs are not derived: " + message.getFullName());
        }
        out.append(indent).append("message ").append(message.getName()).append(" {\n");
        String inner = indent + "  ";
        for (FieldDescriptor field : message.getFields()) {
            out.append(inner);
            if (field.isMapField()) {
                Descriptor entry = field.getMessageType();
                out.append("map<").append(type(entry.findFieldByNumber(1))).append(", ")
                        .append(type(entry.findFieldByNumber(2))).append('>');
            } else {
                if (field.isRepeated()) out.append("repeated ");
                else if (field.toProto().getProto3Optional()) out.append("optional ");
                out.append(type(field));
            }
            out.append(' ').append(field.getName()).append(" = ").append(field.getNumber()).append(";\n");
        }
        reserved(out, inner, message.toProto().getReservedRangeList().stream()
                .map(r -> r.getEnd() - 1 > r.getStart() ? r.getStart() + " to " + (r.getEnd() - 1) : "" + r.getStart())
                .toList());
        reserved(out, inner, message.toProto().getReservedNameList().stream().map(n -> '"' + n + '"').toList());
        for (Descriptor nested : message.getNestedTypes()) {
            if (nested.getOptions().getMapEntry()) continue; // printed as map<K, V> on its field
            out.append('\n');
            message(out, nested, inner);
        }
        out.append(indent).append("}\n");
    }

    /** {@code reserved 2, 4 to 6;} or {@code reserved "a", "b";} — nothing when there is nothing reserved. */
    private static void reserved(StringBuilder out, String indent, List<String> items) {
        if (!items.isEmpty()) out.append(indent).append("reserved ").append(String.join(", ", items)).append(";\n");
    }

    private static String type(FieldDescriptor field) {
        return switch (field.getType()) {
            case MESSAGE -> "." + field.getMessageType().getFullName();
            case ENUM -> "." + field.getEnumType().getFullName();
            default -> field.getType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
