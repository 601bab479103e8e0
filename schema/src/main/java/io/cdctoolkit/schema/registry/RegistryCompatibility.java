package io.cdctoolkit.schema.registry;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;
import io.cdctoolkit.schema.registry.OnlineCompatibility;
import io.cdctoolkit.schema.registry.OnlineVerdict;
import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.format.SchemaText;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link OnlineCompatibility} over a {@link RegistryClient}: the registry judges at the subject's own
 * level ({@link RegistryClient#checkCompatibility}, which already asks Apicurio about {@code latest}
 * at plain levels and about each version at transitive ones); at any other level the subject's
 * versions are fetched and judged offline by the rule set the registry applies (Apicurio's own for an
 * Apicurio registry), never by changing the subject's level in the registry.
 */
public final class RegistryCompatibility implements OnlineCompatibility {

    /** For {@link java.util.ServiceLoader}. */
    public RegistryCompatibility() {
    }

    @Override
    public OnlineVerdict check(RegistryClient registry, String subject, SchemaText schema, CompatibilityLevel level,
                               RuleSet rules) throws ConnectivityException {
        try {
            CompatibilityLevel subjectLevel = registry.compatibilityLevel(subject);
            if (level == null || level == subjectLevel) {
                if (rules == RuleSet.APICURIO
                        && (!schema.references().isEmpty() || judgedVersionHasReferences(registry, subject, subjectLevel))) {
                    // Apicurio Registry 3.3.3's compatibility endpoint does not resolve references, the new schema's
                    // or those of a registered version it compares with — the latest, or each at a transitive level
                    // (its register does): 422 "Syntax violation" for Protobuf and Avro, 500 "Unresolved JSON Schema
                    // reference" (retried as a server error) for JSON Schema. Judged as at another level, once the
                    // references are known to be registered, as registering needs them.
                    requireRegistered(registry, schema.references());
                    return judgedOffline(registry, subject, schema, subjectLevel, rules,
                            "Apicurio Registry's compatibility endpoint does not resolve schema references");
                }
                CompatibilityResult judged;
                try {
                    judged = registry.checkCompatibility(subject, schema);
                } catch (RegistryRequestException e) {
                    // Another registry that cannot resolve them says the schema is invalid; so does Apicurio for a
                    // schema without references when a registered Avro version has some (read back inlined here).
                    if (e.status() != 422 || (schema.references().isEmpty() && rules != RuleSet.APICURIO)) throw e;
                    return judgedOffline(registry, subject, schema, subjectLevel, rules,
                            "it answered: " + e.getMessage());
                }
                return new OnlineVerdict(explained(registry, subject, schema, subjectLevel, rules, judged), subjectLevel,
                        subjectLevel, true, 0, rules);
            }
            List<SchemaText> previous = registeredVersions(registry, subject, schema);
            CompatibilityResult result = CompatibilityCheckers.forType(schema.type(), rules).check(schema, previous, level);
            return new OnlineVerdict(result, subjectLevel, level, false, previous.size(), rules);
        } catch (RetryableException e) {
            throw RegistryErrors.unreachable(e);
        } catch (RegistryRequestException e) {
            throw RegistryErrors.translate(registry, e);
        }
    }

    /** Whether a version the registry compares with at {@code level} (the latest, or every one) has references. */
    private static boolean judgedVersionHasReferences(RegistryClient registry, String subject, CompatibilityLevel level) {
        try {
            if (!level.transitive()) return !registry.latest(subject).schema().references().isEmpty();
            for (int number : registry.versions(subject)) {
                if (!registry.version(subject, number).schema().references().isEmpty()) return true;
            }
            return false;
        } catch (RegistryRequestException e) {
            if (e.notFound()) return false;
            throw e;
        }
    }

    /** Each reference (and theirs: the lookup sends them) as registered under the subject named after it. */
    private static void requireRegistered(RegistryClient registry, Map<String, SchemaText> references) {
        references.forEach((name, referenced) -> {
            if (ReferencedVersions.find(registry, name, referenced).isEmpty()) {
                throw new ReferenceNotRegisteredException(name, referenced, registry.describe());
            }
        });
    }

    /** The subject's versions judged by the offline {@code rules} at its level, the registry not judging (why). */
    private static OnlineVerdict judgedOffline(RegistryClient registry, String subject, SchemaText schema,
                                               CompatibilityLevel subjectLevel, RuleSet rules, String why) {
        List<SchemaText> previous = registeredVersions(registry, subject, schema);
        CompatibilityResult result = CompatibilityCheckers.forType(schema.type(), rules)
                .check(schema, previous, subjectLevel);
        return new OnlineVerdict(result, subjectLevel, subjectLevel, false, previous.size(), rules, Optional.of(why));
    }

    /**
     * The registry's verdict; when it refused without a reason (Apicurio's compatibility answers carry none), followed
     * by the reasons the offline rules of the registry's rule set give at the subject's level, each saying whose they
     * are. The verdict stays the registry's: where the offline rules find nothing, nothing is added.
     */
    private static CompatibilityResult explained(RegistryClient registry, String subject, SchemaText schema,
                                                 CompatibilityLevel level, RuleSet rules, CompatibilityResult judged) {
        if (judged.compatible()
                || !judged.problems().stream().allMatch(p -> p.endsWith(RegistryClient.NO_DETAILS))) {
            return judged;
        }
        CompatibilityResult offline;
        try {
            offline = CompatibilityCheckers.forType(schema.type(), rules)
                    .check(schema, registeredVersions(registry, subject, schema), level);
        } catch (IllegalArgumentException e) {
            return judged; // a version of another schema type: the registry's line is all there is to say
        }
        List<String> problems = new ArrayList<>(judged.problems());
        for (String reason : offline.problems()) {
            problems.add(reason + " (cdc-toolkit's offline " + rules.id() + " rules)");
        }
        return CompatibilityResult.incompatible(problems);
    }

    /** The subject's versions, oldest first; none when the subject does not exist. */
    private static List<SchemaText> registeredVersions(RegistryClient registry, String subject, SchemaText candidate) {
        List<SchemaText> versions = new ArrayList<>();
        for (int number : registry.versionsIfAny(subject)) {
            SchemaText registered = registry.version(subject, number).schema();
            if (registered.type() != candidate.type()) {
                throw new IllegalArgumentException("version " + number + " of " + subject + " is a " + registered.type()
                        + " schema, the new schema is " + candidate.type() + ": give --type to match the subject");
            }
            versions.add(registered);
        }
        return versions;
    }
}
