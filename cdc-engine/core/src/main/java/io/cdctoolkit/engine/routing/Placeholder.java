package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.data.TableId;

import java.util.Arrays;
import java.util.List;

/** A placeholder of a topic pattern: {@code {database}}, {@code {schema}} or {@code {table}}. */
enum Placeholder implements Part {
    DATABASE("database"),
    SCHEMA("schema"),
    TABLE("table");

    private final String name;

    Placeholder(String name) {
        this.name = name;
    }

    /** The name written between the braces. */
    String placeholderName() {
        return name;
    }

    static List<String> names() {
        return Arrays.stream(values()).map(Placeholder::placeholderName).toList();
    }

    /** The placeholder written as {@code {name}}, or null for an unknown name. */
    static Placeholder byName(String name) {
        for (Placeholder p : values()) {
            if (p.name.equals(name)) return p;
        }
        return null;
    }

    /** The raw (unnormalized) value for {@code table}; null when the table has no such level. */
    String valueOf(TableId table) {
        switch (this) {
            case DATABASE:
                return table.database();
            case SCHEMA:
                return table.schema();
            default:
                return table.table();
        }
    }

    @Override
    public void appendTo(StringBuilder topic, TableId table, IdentifierNormalizer normalizer) {
        topic.append(normalizer.normalize(valueOf(table)));
    }

    @Override
    public String toString() {
        return "{" + name + "}";
    }
}
