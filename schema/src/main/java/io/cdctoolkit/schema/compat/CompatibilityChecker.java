package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.format.SchemaText;

import java.util.List;

/**
 * Offline compatibility checking of a new schema against earlier versions of a subject, by the rules
 * a Confluent-compatible registry applies, so that {@code schema check} gives the same verdict with
 * and without a registry.
 */
public interface CompatibilityChecker {

    /**
     * Checks {@code candidate} against {@code previous} (oldest first) at {@code level}: the latest
     * only, or every one for {@code _TRANSITIVE} levels; NONE is always compatible.
     *
     * @throws IllegalArgumentException when a schema text does not parse (the message says which and why)
     */
    CompatibilityResult check(SchemaText candidate, List<SchemaText> previous, CompatibilityLevel level);
}
