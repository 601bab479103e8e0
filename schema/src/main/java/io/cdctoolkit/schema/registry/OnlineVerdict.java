package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer of an {@link OnlineCompatibility} check, with who gave it.
 *
 * @param result        the verdict
 * @param subjectLevel  the subject's effective level in the registry (its own, else the global one)
 * @param checkedLevel  the level the verdict is at
 * @param byRegistry    true when the registry judged (at its level); false when the subject's versions
 *                      were fetched and judged by the offline rules ({@code rules}) at another level, or at its
 *                      level where the registry could not judge ({@code registryDeclined})
 * @param rules         the offline rule set that judged when {@code byRegistry} is false (the one matching
 *                      the registry); the rule set the registry was said to apply otherwise
 * @param versions      how many registered versions the offline rules were given (0 when the registry judged)
 * @param registryDeclined why the registry did not judge at the subject's level though it was the level asked
 *                      about (references Apicurio's compatibility endpoint cannot resolve; a registry's 422 for a
 *                      schema with references, or Apicurio's for any): the offline rules judged instead; else empty
 */
public record OnlineVerdict(CompatibilityResult result, CompatibilityLevel subjectLevel, CompatibilityLevel checkedLevel,
                            boolean byRegistry, int versions, RuleSet rules, Optional<String> registryDeclined) {

    public OnlineVerdict {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(registryDeclined, "registryDeclined");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(subjectLevel, "subjectLevel");
        Objects.requireNonNull(checkedLevel, "checkedLevel");
    }

    /** A verdict the registry gave, or the offline rules at a level the registry was not asked about. */
    public OnlineVerdict(CompatibilityResult result, CompatibilityLevel subjectLevel, CompatibilityLevel checkedLevel,
                         boolean byRegistry, int versions, RuleSet rules) {
        this(result, subjectLevel, checkedLevel, byRegistry, versions, rules, Optional.empty());
    }
}
