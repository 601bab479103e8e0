package io.cdctoolkit.schema.jsonschema;

import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowSchema;

/**
 * Names the field a JSON pointer into a RowJson document points at, for error messages. Field
 * names come from the schema and array positions are numbers; map keys are data (they may be
 * personal data), so they become {@code [*]}.
 */
final class FieldPaths {

    /** A field path and the type of the value it points at (null when the pointer ends at a row). */
    record Located(String path, FieldType type) {
        String describe() {
            String where = path.isEmpty() ? "the row" : "field '" + path + "'";
            return type == null ? where : where + " (" + typeName(type) + ")";
        }
    }

    private FieldPaths() {
    }

    /** Locates an everit pointer such as {@code #/after/tags/3} in rows of {@code schema}. */
    static Located locate(RowSchema schema, String pointer) {
        String[] segments = pointer.startsWith("#") ? pointer.substring(1).split("/", -1) : pointer.split("/", -1);
        StringBuilder path = new StringBuilder();
        RowSchema row = schema;
        FieldType type = null;
        for (String raw : segments) {
            if (raw.isEmpty()) continue; // the leading "/"
            String segment = raw.replace("~1", "/").replace("~0", "~");
            if (row != null) {
                int i = row.indexOf(segment);
                if (i < 0) break; // not one of our fields: stop at what is known
                if (path.length() > 0) path.append('.');
                path.append(segment);
                type = row.field(i).type();
            } else if (type instanceof FieldType.Array a) {
                path.append('[').append(isIndex(segment) ? segment : "*").append(']');
                type = a.element();
            } else if (type instanceof FieldType.MapType m) {
                path.append("[*]");
                type = m.value();
            } else {
                break;
            }
            row = type instanceof FieldType.Struct s ? s.schema() : null;
        }
        return new Located(path.toString(), type);
    }

    /** A short name of a field type for messages (a struct by its schema name, not its fields). */
    static String typeName(FieldType type) {
        if (type instanceof FieldType.Struct s) return "struct " + s.schema().name();
        if (type instanceof FieldType.Array a) return "array<" + typeName(a.element()) + ">";
        if (type instanceof FieldType.MapType m) return "map<" + typeName(m.value()) + ">";
        if (type instanceof FieldType.Enum) return "enum";
        return type.toString();
    }

    private static boolean isIndex(String segment) {
        if (segment.isEmpty()) return false;
        for (int i = 0; i < segment.length(); i++) {
            if (!Character.isDigit(segment.charAt(i))) return false;
        }
        return true;
    }
}
