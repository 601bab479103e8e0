package io.cdctoolkit.schema.compat.table;

import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;

import java.util.List;
import java.util.Map;

/**
 * One row of a compatibility rule table: a subject's versions (oldest first; the last is the
 * candidate being registered) and the documented verdict at each level.
 *
 * @param name        the case folder's name, e.g. {@code add_field_without_default}
 * @param type        the schema language
 * @param description what the change is, and where the expected verdicts are documented
 * @param versions    every version, oldest first; the last one is the candidate
 * @param expected    whether the candidate is compatible, for all seven levels
 */
public record CompatibilityCase(String name, SchemaType type, String description, List<SchemaText> versions,
                                Map<CompatibilityLevel, Boolean> expected) {

    public CompatibilityCase {
        versions = List.copyOf(versions);
        expected = Map.copyOf(expected);
    }

    /** The schema being checked (the newest version). */
    public SchemaText candidate() {
        return versions.get(versions.size() - 1);
    }

    /** The versions already registered, oldest first. */
    public List<SchemaText> previous() {
        return versions.subList(0, versions.size() - 1);
    }

    /** Whether the candidate is expected to be compatible at {@code level}. */
    public boolean compatibleAt(CompatibilityLevel level) {
        return expected.get(level);
    }

    @Override
    public String toString() {
        return type + "/" + name;
    }
}
