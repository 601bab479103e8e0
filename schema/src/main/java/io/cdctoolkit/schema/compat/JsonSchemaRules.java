package io.cdctoolkit.schema.compat;

import org.everit.json.schema.ArraySchema;
import org.everit.json.schema.CombinedSchema;
import org.everit.json.schema.ConstSchema;
import org.everit.json.schema.EmptySchema;
import org.everit.json.schema.EnumSchema;
import org.everit.json.schema.FalseSchema;
import org.everit.json.schema.NotSchema;
import org.everit.json.schema.NumberSchema;
import org.everit.json.schema.ObjectSchema;
import org.everit.json.schema.ReferenceSchema;
import org.everit.json.schema.Schema;
import org.everit.json.schema.StringSchema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Confluent Schema Registry's JSON Schema compatibility rules, for one writer ("original") and one
 * reader ("update") schema: may every document valid against the original be accepted by the update?
 * Ours because no library on Maven Central implements them (Confluent's {@code kafka-json-schema-provider}
 * is served only from Confluent's repository under its community license).
 *
 * <p>The content model decides what adding or removing a property means: an <em>open</em> model
 * (no {@code additionalProperties}, or {@code true}) accepts unknown properties of any type, so a
 * property may be removed but not added (old documents may hold anything under the new name); a
 * <em>closed</em> one ({@code false}) is the reverse; a <em>partially open</em> one
 * ({@code additionalProperties} or {@code patternProperties} with a schema) allows a change when that
 * schema covers the property. Narrowing anything (type, enum, lengths, bounds, required without a
 * default) is incompatible; widening is compatible. Each problem reads
 * {@code #/properties/x: DIFFERENCE_TYPE: explanation}, with Confluent's difference names.
 */
final class JsonSchemaRules {

    private final List<String> problems = new ArrayList<>();
    /** Pairs being compared on the current path: a recursive $ref compared again is taken as compatible. */
    private final Map<Schema, Set<Schema>> inProgress = new IdentityHashMap<>();

    List<String> incompatibilities(Schema original, Schema update) {
        compare("#", original, update);
        return List.copyOf(problems);
    }

    /** Whether {@code update} accepts what {@code original} does, without recording problems. */
    private List<String> trial(String path, Schema original, Schema update) {
        JsonSchemaRules sub = new JsonSchemaRules();
        sub.inProgress.putAll(inProgress);
        sub.compare(path, original, update);
        return sub.problems;
    }

    private void problem(String path, String type, String message) {
        problems.add(path + ": " + type + ": " + message);
    }

    private void compare(String path, Schema original, Schema update) {
        if (original == null && update == null) return;
        if (original == null) {
            problem(path, "SCHEMA_ADDED", "a constraint was added where there was none");
            return;
        }
        if (update == null) return; // SCHEMA_REMOVED: accepts more
        original = dereference(original);
        update = dereference(update);

        if (!(original instanceof CombinedSchema) && update instanceof CombinedSchema combined) {
            // Widening a type to a union (e.g. "string" to ["string", "null"]) is compatible when one
            // branch accepts everything the original did.
            if (combined.getSubschemas().size() == 1
                    || combined.getCriterion() == CombinedSchema.ANY_CRITERION
                    || combined.getCriterion() == CombinedSchema.ONE_CRITERION) {
                for (Schema branch : combined.getSubschemas()) {
                    if (trial(path, original, branch).isEmpty()) return;
                }
            }
        } else if (original instanceof CombinedSchema combined && !(update instanceof CombinedSchema)
                && combined.getSubschemas().size() == 1) {
            if (trial(path, combined.getSubschemas().iterator().next(), update).isEmpty()) return;
        }

        if (!original.getClass().equals(update.getClass())) {
            // false accepts nothing, and true / {} accepts everything (TrueSchema extends EmptySchema).
            if (original instanceof FalseSchema || update instanceof EmptySchema) return;
            problem(path, "TYPE_CHANGED", "the type changed from " + describe(original) + " to " + describe(update));
            return;
        }

        Set<Schema> pending = inProgress.computeIfAbsent(original, k -> java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!pending.add(update)) return;
        try {
            if (original instanceof StringSchema o) compareString(path, o, (StringSchema) update);
            else if (original instanceof NumberSchema o) compareNumber(path, o, (NumberSchema) update);
            else if (original instanceof EnumSchema o) compareEnum(path, o, (EnumSchema) update);
            else if (original instanceof ConstSchema o) compareConst(path, o, (ConstSchema) update);
            else if (original instanceof CombinedSchema o) compareCombined(path, o, (CombinedSchema) update);
            else if (original instanceof NotSchema o) {
                // not A accepts everything not B does when A accepts everything B does.
                compare(path + "/not", ((NotSchema) update).getMustNotMatch(), o.getMustNotMatch());
            } else if (original instanceof ObjectSchema o) compareObject(path, o, (ObjectSchema) update);
            else if (original instanceof ArraySchema o) compareArray(path, o, (ArraySchema) update);
            // Booleans, nulls, true/false and if/then/else carry nothing Confluent compares.
        } finally {
            pending.remove(update);
        }
    }

    private static Schema dereference(Schema schema) {
        Schema s = schema;
        for (int i = 0; s instanceof ReferenceSchema ref && ref.getReferredSchema() != null && i < 64; i++) {
            s = ref.getReferredSchema();
        }
        return s;
    }

    private static String describe(Schema schema) {
        if (schema instanceof StringSchema) return "string";
        if (schema instanceof NumberSchema n) return n.requiresInteger() ? "integer" : "number";
        if (schema instanceof ObjectSchema) return "object";
        if (schema instanceof ArraySchema) return "array";
        if (schema instanceof CombinedSchema c) return c.getCriterion() + " of " + c.getSubschemas().size();
        if (schema instanceof FalseSchema) return "false";
        if (schema instanceof EmptySchema) return "any";
        return schema.getClass().getSimpleName().replace("Schema", "").toLowerCase(java.util.Locale.ROOT);
    }

    // ---- strings and numbers: a tighter bound rejects documents the original accepted

    private void compareString(String path, StringSchema o, StringSchema u) {
        upperBound(path + "/maxLength", "MAX_LENGTH", o.getMaxLength(), u.getMaxLength());
        lowerBound(path + "/minLength", "MIN_LENGTH", o.getMinLength(), u.getMinLength());
        Pattern before = o.getPattern();
        Pattern after = u.getPattern();
        if (before == null && after != null) {
            problem(path + "/pattern", "PATTERN_ADDED", "a pattern was added: " + after.pattern());
        } else if (before != null && after != null && !before.pattern().equals(after.pattern())) {
            problem(path + "/pattern", "PATTERN_CHANGED", "the pattern changed from " + before.pattern() + " to " + after.pattern());
        }
    }

    private void compareNumber(String path, NumberSchema o, NumberSchema u) {
        upperBound(path + "/maximum", "MAXIMUM", o.getMaximum(), u.getMaximum());
        lowerBound(path + "/minimum", "MINIMUM", o.getMinimum(), u.getMinimum());
        upperBound(path + "/exclusiveMaximum", "EXCLUSIVE_MAXIMUM", o.getExclusiveMaximumLimit(), u.getExclusiveMaximumLimit());
        lowerBound(path + "/exclusiveMinimum", "EXCLUSIVE_MINIMUM", o.getExclusiveMinimumLimit(), u.getExclusiveMinimumLimit());
        BigDecimal before = decimal(o.getMultipleOf());
        BigDecimal after = decimal(u.getMultipleOf());
        if (after != null && (before == null || before.compareTo(after) != 0)) {
            // Compatible only when the new divisor divides the old one (every old value stays a multiple).
            if (before == null) {
                problem(path + "/multipleOf", "MULTIPLE_OF_ADDED", "multipleOf " + after + " was added");
            } else if (before.remainder(after).signum() != 0) {
                problem(path + "/multipleOf", after.remainder(before).signum() == 0 ? "MULTIPLE_OF_EXPANDED" : "MULTIPLE_OF_CHANGED",
                        "multipleOf changed from " + before + " to " + after);
            }
        }
        if (!o.requiresInteger() && u.requiresInteger()) {
            problem(path + "/type", "TYPE_NARROWED", "the type was narrowed from number to integer");
        }
    }

    private static BigDecimal decimal(Number n) {
        return n == null ? null : new BigDecimal(n.toString());
    }

    /** A maximum: adding one or lowering it is incompatible; raising or removing it is compatible. */
    private void upperBound(String path, String name, Number before, Number after) {
        if (after == null || Objects.equals(before, after)) return;
        if (before == null) problem(path, name + "_ADDED", name.toLowerCase(java.util.Locale.ROOT) + " " + after + " was added");
        else if (decimal(after).compareTo(decimal(before)) < 0) {
            problem(path, name + "_DECREASED", "lowered from " + before + " to " + after);
        }
    }

    /** A minimum: adding one or raising it is incompatible; lowering or removing it is compatible. */
    private void lowerBound(String path, String name, Number before, Number after) {
        if (after == null || Objects.equals(before, after)) return;
        if (before == null) problem(path, name + "_ADDED", name.toLowerCase(java.util.Locale.ROOT) + " " + after + " was added");
        else if (decimal(after).compareTo(decimal(before)) > 0) {
            problem(path, name + "_INCREASED", "raised from " + before + " to " + after);
        }
    }

    // ---- enums and const

    private void compareEnum(String path, EnumSchema o, EnumSchema u) {
        Set<Object> before = o.getPossibleValues();
        Set<Object> after = u.getPossibleValues();
        if (after.containsAll(before)) return; // ENUM_ARRAY_EXTENDED (or unchanged)
        Set<String> missing = new TreeSet<>();
        before.stream().filter(v -> !after.contains(v)).forEach(v -> missing.add(String.valueOf(v)));
        problem(path + "/enum", before.containsAll(after) ? "ENUM_ARRAY_NARROWED" : "ENUM_ARRAY_CHANGED",
                "values no longer allowed: " + String.join(", ", missing));
    }

    private void compareConst(String path, ConstSchema o, ConstSchema u) {
        if (!Objects.equals(String.valueOf(o.getPermittedValue()), String.valueOf(u.getPermittedValue()))) {
            problem(path + "/const", "CONST_CHANGED", "const changed from " + o.getPermittedValue() + " to " + u.getPermittedValue());
        }
    }

    // ---- allOf / anyOf / oneOf

    private void compareCombined(String path, CombinedSchema o, CombinedSchema u) {
        CombinedSchema.ValidationCriterion before = o.getCriterion();
        CombinedSchema.ValidationCriterion after = u.getCriterion();
        boolean singletonBefore = o.getSubschemas().size() == 1;
        if (!before.equals(after)) {
            boolean extended = after == CombinedSchema.ANY_CRITERION
                    || (after == CombinedSchema.ONE_CRITERION && singletonBefore)
                    || (after == CombinedSchema.ALL_CRITERION && singletonBefore && u.getSubschemas().size() == 1);
            if (!extended) {
                problem(path, "COMBINED_TYPE_CHANGED", before + " changed to " + after);
                return;
            }
        }
        List<Schema> originals = new ArrayList<>(new LinkedHashSet<>(o.getSubschemas()));
        List<Schema> updates = new ArrayList<>(new LinkedHashSet<>(u.getSubschemas()));
        boolean product = after == CombinedSchema.ALL_CRITERION;
        if (originals.size() < updates.size() && product) {
            problem(path, "PRODUCT_TYPE_EXTENDED", "allOf gained subschemas (" + originals.size() + " to " + updates.size() + ")");
        } else if (originals.size() > updates.size() && !product) {
            problem(path, "SUM_TYPE_NARROWED", after + " lost subschemas (" + originals.size() + " to " + updates.size() + ")");
        }

        // Match each original subschema with a distinct compatible update subschema (bipartite matching).
        String branchPath = path + "/" + before;
        boolean[][] compatible = new boolean[originals.size()][updates.size()];
        for (int i = 0; i < originals.size(); i++) {
            for (int j = 0; j < updates.size(); j++) {
                compatible[i][j] = trial(branchPath + "/" + i, originals.get(i), updates.get(j)).isEmpty();
            }
        }
        int[] matchOfUpdate = new int[updates.size()];
        java.util.Arrays.fill(matchOfUpdate, -1);
        int matched = 0;
        List<Integer> unmatched = new ArrayList<>();
        for (int i = 0; i < originals.size(); i++) {
            if (augment(i, compatible, matchOfUpdate, new boolean[updates.size()])) matched++;
            else unmatched.add(i);
        }
        if (matched < Math.min(originals.size(), updates.size())) {
            // Say why, through the closest counterpart of each unmatched branch (same kind of schema).
            for (int i : unmatched) {
                Schema branch = originals.get(i);
                Schema counterpart = updates.stream().filter(s -> s.getClass().equals(branch.getClass())).findFirst().orElse(null);
                List<String> why = counterpart == null ? List.of() : trial(branchPath + "/" + i, branch, counterpart);
                if (why.isEmpty()) {
                    problem(branchPath + "/" + i, "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
                            "no subschema of the new " + after + " accepts what this one did");
                } else {
                    problems.addAll(why);
                }
            }
        }
    }

    private static boolean augment(int i, boolean[][] compatible, int[] matchOfUpdate, boolean[] seen) {
        for (int j = 0; j < matchOfUpdate.length; j++) {
            if (!compatible[i][j] || seen[j]) continue;
            seen[j] = true;
            if (matchOfUpdate[j] < 0 || augment(matchOfUpdate[j], compatible, matchOfUpdate, seen)) {
                matchOfUpdate[j] = i;
                return true;
            }
        }
        return false;
    }

    // ---- objects

    private void compareObject(String path, ObjectSchema o, ObjectSchema u) {
        for (String name : o.getPropertySchemas().keySet()) {
            if (!u.getPropertySchemas().containsKey(name)) continue;
            boolean wasRequired = o.getRequiredProperties().contains(name);
            boolean isRequired = u.getRequiredProperties().contains(name);
            if (!wasRequired && isRequired && !u.getPropertySchemas().get(name).hasDefaultValue()) {
                problem(path + "/required/" + name, "REQUIRED_ATTRIBUTE_ADDED",
                        "property " + name + " became required without a default");
            }
        }

        Set<String> names = new TreeSet<>(o.getPropertySchemas().keySet());
        names.addAll(u.getPropertySchemas().keySet());
        for (String name : names) {
            String propertyPath = path + "/properties/" + name;
            Schema before = o.getPropertySchemas().get(name);
            Schema after = u.getPropertySchemas().get(name);
            if (after == null) {
                propertyRemoved(propertyPath, name, before, u);
            } else if (before == null) {
                propertyAdded(propertyPath, name, after, o, u);
            } else {
                compare(propertyPath, before, after);
            }
        }

        if (o.permitsAdditionalProperties() && !u.permitsAdditionalProperties()) {
            problem(path + "/additionalProperties", "ADDITIONAL_PROPERTIES_REMOVED",
                    "additional properties are no longer allowed (the content model was closed)");
        } else if (o.permitsAdditionalProperties() == u.permitsAdditionalProperties()) {
            Schema before = o.getSchemaOfAdditionalProperties();
            Schema after = u.getSchemaOfAdditionalProperties();
            if (before == null && after != null) {
                problem(path + "/additionalProperties", "ADDITIONAL_PROPERTIES_NARROWED",
                        "additional properties are now constrained by a schema");
            } else if (before != null && after != null) {
                compare(path + "/additionalProperties", before, after);
            }
        }

        compareDependencies(path + "/dependencies", o, u);
        upperBound(path + "/maxProperties", "MAX_PROPERTIES", o.getMaxProperties(), u.getMaxProperties());
        lowerBound(path + "/minProperties", "MIN_PROPERTIES", o.getMinProperties(), u.getMinProperties());
    }

    private void propertyRemoved(String path, String name, Schema before, ObjectSchema update) {
        // Only the update's content model matters: does it still accept what was under that name?
        if (isOpen(update)) return; // PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL
        Schema covering = partialContentSchema(update, name);
        if (covering != null) {
            List<String> why = trial(path, before, covering);
            if (!why.isEmpty()) {
                problems.addAll(why);
                problem(path, "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                        "property " + name + " was removed and the additional-properties schema does not accept its values");
            }
        } else if (!(before instanceof FalseSchema)) {
            problem(path, "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                    "property " + name + " was removed from a closed content model (old documents that have it are rejected)");
        }
    }

    private void propertyAdded(String path, String name, Schema after, ObjectSchema original, ObjectSchema update) {
        // Only the original's content model matters: what might old documents hold under that name?
        if (isOpen(original)) {
            if (!(after instanceof EmptySchema)) {
                problem(path, "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "property " + name
                        + " was added to an open content model (old documents may hold any value under that name)");
            }
            return;
        }
        Schema covering = partialContentSchema(original, name);
        if (covering != null) {
            List<String> why = trial(path, covering, after);
            if (!why.isEmpty()) {
                problems.addAll(why);
                problem(path, "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "property " + name
                        + " was added with a schema that does not accept what the additional-properties schema allowed");
            }
        }
        if (update.getRequiredProperties().contains(name) && !after.hasDefaultValue()) {
            problem(path, "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
                    "required property " + name + " was added without a default (old documents do not have it)");
        }
    }

    private static boolean isOpen(ObjectSchema schema) {
        return schema.getPatternProperties().isEmpty() && schema.getSchemaOfAdditionalProperties() == null
                && schema.permitsAdditionalProperties();
    }

    /** The schema a partially open model applies to an undeclared property, or null when closed. */
    private static Schema partialContentSchema(ObjectSchema schema, String name) {
        for (Map.Entry<Pattern, Schema> e : schema.getPatternProperties().entrySet()) {
            if (e.getKey().matcher(name).find()) return e.getValue();
        }
        return schema.getSchemaOfAdditionalProperties();
    }

    private void compareDependencies(String path, ObjectSchema o, ObjectSchema u) {
        Set<String> keys = new TreeSet<>(u.getPropertyDependencies().keySet());
        for (String key : keys) {
            Set<String> before = o.getPropertyDependencies().get(key);
            Set<String> after = u.getPropertyDependencies().get(key);
            if (before == null || !before.containsAll(after)) {
                problem(path + "/" + key, before == null ? "DEPENDENCY_ARRAY_ADDED" : "DEPENDENCY_ARRAY_CHANGED",
                        "property " + key + " now requires " + after);
            }
        }
        for (Map.Entry<String, Schema> e : new java.util.TreeMap<>(u.getSchemaDependencies()).entrySet()) {
            Schema before = o.getSchemaDependencies().get(e.getKey());
            if (before == null) {
                problem(path + "/" + e.getKey(), "DEPENDENCY_SCHEMA_ADDED", "a dependency schema was added for " + e.getKey());
            } else {
                compare(path + "/" + e.getKey(), before, e.getValue());
            }
        }
    }

    // ---- arrays

    private void compareArray(String path, ArraySchema o, ArraySchema u) {
        upperBound(path + "/maxItems", "MAX_ITEMS", o.getMaxItems(), u.getMaxItems());
        lowerBound(path + "/minItems", "MIN_ITEMS", o.getMinItems(), u.getMinItems());
        if (!o.needsUniqueItems() && u.needsUniqueItems()) {
            problem(path + "/uniqueItems", "UNIQUE_ITEMS_ADDED", "items must now be unique");
        }
        compare(path + "/items", o.getAllItemSchema(), u.getAllItemSchema());
        List<Schema> before = o.getItemSchemas() == null ? List.of() : o.getItemSchemas();
        List<Schema> after = u.getItemSchemas() == null ? List.of() : u.getItemSchemas();
        for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
            Schema b = i < before.size() ? before.get(i) : o.getSchemaOfAdditionalItems();
            Schema a = i < after.size() ? after.get(i) : u.getSchemaOfAdditionalItems();
            if (b == null && i >= before.size() && !o.permitsAdditionalItems()) continue; // nothing was allowed there
            if (a == null && i >= after.size() && !u.permitsAdditionalItems()) {
                problem(path + "/items/" + i, "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", "item " + i + " is no longer allowed");
                continue;
            }
            compare(path + "/items/" + i, b, a);
        }
        if (o.permitsAdditionalItems() && !u.permitsAdditionalItems()) {
            problem(path + "/additionalItems", "ADDITIONAL_ITEMS_REMOVED", "additional items are no longer allowed");
        }
    }
}
