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

    /**
     * Locates an everit pointer such as {@code #/after/tags/3} in rows of {@code schema}. Segments
     * are RFC 6901-escapes of property names ({@code ~1} for {@code /}, {@code ~0} for {@code ~});
     * everit 1.14 escapes the pointer of a failure inside a {@code oneOf} once more per level, so a
     * segment is unescaped until it names a field.
     */
    static Located locate(RowSchema schema, String pointer) {
        String body = pointer.startsWith("#") ? pointer.substring(1) : pointer;
        String[] segments = body.startsWith("/") ? body.substring(1).split("/", -1) : new String[0];
        StringBuilder path = new StringBuilder();
        RowSchema row = schema;
        FieldType type = null;
        for (int k = 0; k < segments.length; k++) {
            if (row != null) {
                String name = segments[k];
                int field = row.indexOf(name);
                for (String unescaped = unescape(name); field < 0 && !unescaped.equals(name); unescaped = unescape(name)) {
                    name = unescaped;
                    field = row.indexOf(name);
                }
                if (field < 0) break; // not one of our fields: stop at what is known
                if (path.length() > 0) path.append('.');
                path.append(name);
                type = row.field(field).type();
            } else if (type instanceof FieldType.Array a) {
                path.append('[').append(isIndex(segments[k]) ? segments[k] : "*").append(']');
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

    private static String unescape(String segment) {
        return segment.replace("~1", "/").replace("~0", "~");
    }

    private static boolean isIndex(String segment) {
        if (segment.isEmpty()) return false;
        for (int i = 0; i < segment.length(); i++) {
            if (!Character.isDigit(segment.charAt(i))) return false;
        }
        return true;
    }
}
