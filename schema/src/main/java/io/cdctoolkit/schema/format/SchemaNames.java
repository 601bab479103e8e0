package io.cdctoolkit.schema.format;

import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.RowSchema;

/**
 * Names of derived records, messages and JSON Schema titles, the same for every format, in
 * Debezium's style: the top-level type is {@code <topic>.Envelope} (a change envelope),
 * {@code <topic>.Value} (a flat row, e.g. after extract_new_record_state) or {@code <topic>.Key};
 * the table row inside an envelope ({@code before}/{@code after}) is {@code <topic>.Value}; any other
 * nested row (the {@code source} block, a struct column) keeps its own schema name. Every name is
 * made safe for Avro, Protobuf and JSON Schema alike: segments of {@code [A-Za-z_][A-Za-z0-9_]*}
 * joined by dots (other characters become {@code _}, a leading digit gets a {@code _} before it).
 */
public final class SchemaNames {

    private SchemaNames() {
    }

    /** The fully qualified name of the top-level type for rows of {@code schema} on {@code topic}. */
    public static String topLevel(String topic, boolean key, RowSchema schema) {
        String suffix = key ? "Key" : Envelope.isEnvelope(schema) ? "Envelope" : "Value";
        return safe(topic) + "." + suffix;
    }

    /** The name of the table row inside an envelope on {@code topic} ({@code before}/{@code after}). */
    public static String envelopeRow(String topic) {
        return safe(topic) + ".Value";
    }

    /** The namespace (all but the last segment) of a fully qualified name, or "" when it has none. */
    public static String namespace(String fullName) {
        int dot = fullName.lastIndexOf('.');
        return dot < 0 ? "" : fullName.substring(0, dot);
    }

    /** The simple name (last segment) of a fully qualified name. */
    public static String simpleName(String fullName) {
        return fullName.substring(fullName.lastIndexOf('.') + 1);
    }

    /** {@code name} made safe, segment by segment (see the class comment). */
    public static String safe(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (String segment : name.split("\\.", -1)) {
            if (out.length() > 0) out.append('.');
            out.append(safeSegment(segment));
        }
        return out.toString();
    }

    /** One name segment (a field or a simple type name) made safe. */
    public static String safeSegment(String segment) {
        if (segment.isEmpty()) return "_";
        StringBuilder out = new StringBuilder(segment.length() + 1);
        if (Character.isDigit(segment.charAt(0))) out.append('_');
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            out.append(ok ? c : '_');
        }
        return out.toString();
    }
}
