package io.cdctoolkit.schema.compat;

import java.util.List;

/**
 * The verdict of a compatibility check.
 *
 * @param compatible whether the new schema may be registered
 * @param problems   one message per incompatibility, each starting with the path it concerns
 *                   (e.g. {@code /fields/3/type: ...}); empty when compatible
 */
public record CompatibilityResult(boolean compatible, List<String> problems) {
    public CompatibilityResult {
        problems = List.copyOf(problems);
    }

    /** A compatible verdict. */
    public static CompatibilityResult ok() {
        return new CompatibilityResult(true, List.of());
    }

    /** An incompatible verdict with the given problems. */
    public static CompatibilityResult incompatible(List<String> problems) {
        return new CompatibilityResult(false, problems);
    }
}
