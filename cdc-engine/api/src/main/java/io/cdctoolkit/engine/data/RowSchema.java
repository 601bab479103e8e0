package io.cdctoolkit.engine.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable, named, ordered list of {@link Field}s: the shape of a {@link Row}. Built once per table
 * version and shared by every row of that version, so stages and encoders can cache per instance.
 */
public final class RowSchema {

    private final String name;
    private final List<Field> fields;
    private final Map<String, Integer> indexByName;
    private volatile long fingerprint;
    private volatile boolean fingerprinted;

    private RowSchema(String name, List<Field> fields) {
        this.name = Objects.requireNonNull(name, "name");
        this.fields = List.copyOf(fields);
        Map<String, Integer> index = new HashMap<>(this.fields.size() * 2);
        for (int i = 0; i < this.fields.size(); i++) {
            if (index.put(this.fields.get(i).name(), i) != null) {
                throw new IllegalArgumentException(
                        "schema '" + name + "' has two fields named '" + this.fields.get(i).name() + "'");
            }
        }
        this.indexByName = Collections.unmodifiableMap(index);
    }

    /** A schema with the given name (e.g. {@code db.public.users.Value}) and fields, in order. */
    public static RowSchema of(String name, List<Field> fields) {
        return new RowSchema(name, fields);
    }

    /** A schema with the given name and fields, in order. */
    public static RowSchema of(String name, Field... fields) {
        return new RowSchema(name, List.of(fields));
    }

    /** Starts a schema with the given name. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public List<Field> fields() {
        return fields;
    }

    public int size() {
        return fields.size();
    }

    public Field field(int index) {
        return fields.get(index);
    }

    /** Index of the named field, or -1. Stages call this once per schema, never per event. */
    public int indexOf(String fieldName) {
        Integer i = indexByName.get(fieldName);
        return i == null ? -1 : i;
    }

    /** The named field, or null. */
    public Field field(String fieldName) {
        int i = indexOf(fieldName);
        return i < 0 ? null : fields.get(i);
    }

    /**
     * A stable 64-bit fingerprint of everything a registry schema derived from this one would hold:
     * names (of the schema and nested structs), field names and order, types with their logical kind
     * and parameters, optionality, defaults and docs. The same schema gives the same fingerprint in
     * every process and on every machine.
     */
    public long fingerprint() {
        if (!fingerprinted) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(canonical().getBytes(StandardCharsets.UTF_8));
                long fp = 0;
                for (int i = 0; i < 8; i++) fp = (fp << 8) | (digest[i] & 0xff);
                fingerprint = fp;
                fingerprinted = true;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
        return fingerprint;
    }

    /** Canonical text of the structure, used for the fingerprint and in messages. */
    public String canonical() {
        StringBuilder sb = new StringBuilder();
        appendCanonical(sb);
        return sb.toString();
    }

    private void appendCanonical(StringBuilder sb) {
        sb.append(name).append('{');
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (i > 0) sb.append(',');
            sb.append(f.name()).append(':');
            appendType(sb, f.type());
            if (f.optional()) sb.append('?');
            if (f.defaultValue() != null) sb.append('=').append(quoted(canonicalValue(f.defaultValue())));
            if (f.doc() != null) sb.append('#').append(quoted(f.doc()));
        }
        sb.append('}');
    }

    private static String canonicalValue(Object value) {
        if (value instanceof byte[] bytes) return java.util.Base64.getEncoder().encodeToString(bytes);
        if (value instanceof java.math.BigDecimal d) return d.toPlainString();
        return String.valueOf(value);
    }

    /** Quoted so that a default or doc containing separators cannot make two schemas read alike. */
    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static void appendType(StringBuilder sb, FieldType type) {
        if (type instanceof FieldType.Struct s) {
            s.schema().appendCanonical(sb);
        } else if (type instanceof FieldType.Array a) {
            sb.append("array<");
            appendType(sb, a.element());
            sb.append('>');
        } else if (type instanceof FieldType.MapType m) {
            sb.append("map<");
            appendType(sb, m.value());
            sb.append('>');
        } else if (type instanceof FieldType.Enum e) {
            sb.append("enum").append(e.symbols());
        } else {
            sb.append(type);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        return o instanceof RowSchema other && name.equals(other.name) && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, fields);
    }

    @Override
    public String toString() {
        return canonical();
    }

    /** Builds a {@link RowSchema} field by field. */
    public static final class Builder {
        private final String name;
        private final List<Field> fields = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder field(Field field) {
            fields.add(field);
            return this;
        }

        public Builder required(String fieldName, FieldType type) {
            return field(Field.required(fieldName, type));
        }

        public Builder optional(String fieldName, FieldType type) {
            return field(Field.optional(fieldName, type));
        }

        public RowSchema build() {
            return new RowSchema(name, fields);
        }
    }
}
