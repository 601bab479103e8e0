package io.cdctoolkit.schema.glue;

import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;
import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.format.SchemaText;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Whether a schema may be registered as a new version of a Glue schema, for {@code schema check} and
 * {@code schema check-tables} in {@code glue} mode. Glue has no call that checks a definition without registering it
 * (its check runs inside {@code RegisterSchemaVersion}), so the schema's versions are read and judged by cdc-toolkit's
 * offline rules at the level of the schema's compatibility setting ({@code *_ALL}: the transitive levels). Glue checks
 * Avro with Avro's own library, as Confluent's rules do; for Protobuf and JSON Schema Glue's rules are its own and may
 * differ from the rule set used here. A definition Glue already holds is compatible (registering it adds nothing);
 * {@code DISABLED} takes no new version at all.
 */
public final class GlueCompatibility {

    private static final String DISABLED = "DISABLED";

    private GlueCompatibility() {
    }

    /**
     * The verdict on one schema.
     *
     * @param result       compatible, or the problems
     * @param setting      the schema's compatibility setting in Glue (empty when Glue has no such schema yet)
     * @param checkedLevel the level the rules judged at; empty when no rule judged (a new schema, a definition Glue
     *                     holds already, {@code DISABLED}, another data format)
     * @param versions     how many versions the rules were given (a plain level: the latest alone)
     * @param rules        the rule set that judged
     * @param latest       the schema's latest version, when the rules were given it (so that a caller comparing with
     *                     it need not read it again); empty when no rule judged, or the schema has no version
     */
    public record Verdict(CompatibilityResult result, Optional<String> setting, Optional<CompatibilityLevel> checkedLevel,
                          int versions, RuleSet rules, Optional<SchemaText> latest) {

        /** A verdict no rule reached (no latest version read). */
        Verdict(CompatibilityResult result, Optional<String> setting, RuleSet rules) {
            this(result, setting, Optional.empty(), 0, rules, Optional.empty());
        }
    }

    /**
     * Judges {@code candidate} as the next version of Glue schema {@code schemaName}.
     *
     * @param level the level to judge at, or null for the schema's own setting
     * @param rules the rule set to judge by ({@link RuleSet#CONFLUENT} unless the user chose another)
     */
    public static Verdict check(GlueSchemaRegistry glue, String schemaName, SchemaText candidate, CompatibilityLevel level,
                                RuleSet rules) {
        Optional<GlueSchemaRegistry.GlueSchema> found = glue.schema(schemaName);
        if (found.isEmpty()) {
            return new Verdict(CompatibilityResult.ok(), Optional.empty(), rules);
        }
        GlueSchemaRegistry.GlueSchema schema = found.get();
        Optional<String> setting = Optional.of(schema.compatibility());
        if (schema.format() != candidate.type()) {
            return new Verdict(CompatibilityResult.incompatible(List.of("schema " + schemaName + " is " + schema.format()
                    + " in Glue, which never changes a schema's data format; the new schema is " + candidate.type())),
                    setting, rules);
        }
        if (glue.holds(schemaName, candidate)) {
            return new Verdict(CompatibilityResult.ok(), setting, rules);
        }
        Optional<CompatibilityLevel> own = level(schema.compatibility());
        if (level == null && own.isEmpty()) {
            if (!DISABLED.equalsIgnoreCase(schema.compatibility())) {
                throw new IllegalArgumentException("schema " + schemaName + " has compatibility " + schema.compatibility()
                        + " in Glue, which cdc-toolkit does not know: give --level");
            }
            return new Verdict(CompatibilityResult.incompatible(List.of("schema " + schemaName + " has compatibility "
                    + schema.compatibility() + " in Glue, which registers no new version of it")),
                    setting, rules);
        }
        CompatibilityLevel checked = level != null ? level : own.get();
        // A plain level judges against the latest version alone: one Glue call instead of one per version.
        List<SchemaText> versions = new ArrayList<>(checked.transitive() ? glue.versions(schemaName)
                : glue.latest(schemaName).map(List::of).orElse(List.of()));
        Collections.reverse(versions); // oldest first
        CompatibilityResult result = CompatibilityCheckers.forType(candidate.type(), rules).check(candidate, versions, checked);
        return new Verdict(result, setting, Optional.of(checked), versions.size(), rules,
                versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1)));
    }

    /**
     * The level of a Glue compatibility setting (Glue names the transitive levels {@code *_ALL}): the inverse of the
     * mapping schemas are created with ({@link GlueSchemaRegistry#compatibility}). Empty for {@code DISABLED}, which
     * takes no new version, and for a setting this build does not know.
     */
    public static Optional<CompatibilityLevel> level(String setting) {
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            if (GlueSchemaRegistry.compatibility(level).toString().equalsIgnoreCase(setting)) return Optional.of(level);
        }
        return Optional.empty();
    }
}
