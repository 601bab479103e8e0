package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;

/** A canonical text of a resolved descriptor (what decoding depends on), to compare two descriptors. */
final class DescriptorDump {

    private DescriptorDump() {
    }

    static String of(FileDescriptor file) {
        StringBuilder out = new StringBuilder("package " + file.getPackage() + " syntax " + file.toProto().getSyntax() + "\n");
        file.getDependencies().forEach(d -> out.append("import ").append(d.getName()).append('\n'));
        file.getMessageTypes().forEach(m -> message(out, m, ""));
        return out.toString();
    }

    private static void message(StringBuilder out, Descriptor m, String indent) {
        out.append(indent).append("message ").append(m.getFullName())
                .append(m.getOptions().getMapEntry() ? " map_entry" : "").append('\n');
        for (FieldDescriptor f : m.getFields()) {
            out.append(indent).append("  ").append(f.getNumber()).append(' ').append(f.getName()).append(' ')
                    .append(f.getType());
            if (f.getType() == FieldDescriptor.Type.MESSAGE) out.append(' ').append(f.getMessageType().getFullName());
            out.append(f.isRepeated() ? " repeated" : "").append(f.isMapField() ? " map" : "")
                    .append(f.hasPresence() ? " presence" : "").append(f.isPacked() ? " packed" : "")
                    .append(" json=").append(f.getJsonName());
            OneofDescriptor oneof = f.getContainingOneof();
            if (oneof != null) out.append(" oneof=").append(oneof.getName()).append(f.getRealContainingOneof() == null ? "(synthetic)" : "");
            out.append('\n');
        }
        m.getNestedTypes().forEach(n -> message(out, n, indent + "  "));
    }
}
