package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.compat.table.ApicurioDifferences;
import io.cdctoolkit.schema.compat.table.CompatibilityCase;
import io.cdctoolkit.schema.compat.table.CompatibilityTable;
import io.cdctoolkit.schema.format.SchemaType;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every row of the rule tables (src/test/resources/compat-table, verdicts taken from the
 * documented rules) at all seven levels with the Confluent rule set: the verdict must match, and an
 * incompatible verdict must say where, path first. The Apicurio rule set (Apicurio's own checkers)
 * must differ from it exactly where {@link ApicurioDifferences} says — the documented difference
 * table of docs/schema-compatibility.md.
 */
class CompatibilityTableTest {

    @TestFactory
    Stream<DynamicContainer> avroTable() {
        return table(SchemaType.AVRO, "/");
    }

    @TestFactory
    Stream<DynamicContainer> protobufTable() {
        return table(SchemaType.PROTOBUF, "#/");
    }

    @TestFactory
    Stream<DynamicContainer> jsonSchemaTable() {
        return table(SchemaType.JSON_SCHEMA, "#/");
    }

    @TestFactory
    Stream<DynamicTest> theApicurioRuleSetDiffersFromConfluentsExactlyWhereApicurioDifferencesSays() {
        return Arrays.stream(SchemaType.values()).map(type -> DynamicTest.dynamicTest(type.name(), () -> {
            Map<String, Set<CompatibilityLevel>> differing = new TreeMap<>();
            Map<String, Set<CompatibilityLevel>> listed = new TreeMap<>();
            for (CompatibilityCase c : CompatibilityTable.load(type)) {
                for (CompatibilityLevel level : CompatibilityLevel.values()) {
                    if (level.transitive() && c.versions().size() < 3) continue; // as the plain level: not listed twice
                    boolean confluent = CompatibilityCheckers.forType(type, RuleSet.CONFLUENT)
                            .check(c.candidate(), c.previous(), level).compatible();
                    CompatibilityResult apicurio = CompatibilityCheckers.forType(type, RuleSet.APICURIO)
                            .check(c.candidate(), c.previous(), level);
                    if (confluent != apicurio.compatible()) differing.computeIfAbsent(c.toString(), k -> new TreeSet<>()).add(level);
                    if (ApicurioDifferences.BY_ROW.getOrDefault(c.toString(), Set.of()).contains(level)) {
                        listed.computeIfAbsent(c.toString(), k -> new TreeSet<>()).add(level);
                    }
                    if (!apicurio.compatible()) {
                        assertThat(apicurio.problems()).as("%s at %s: Apicurio's reasons, path first", c, level)
                                .isNotEmpty().allSatisfy(p -> assertThat(p).startsWith(type == SchemaType.AVRO ? "/" : "#/"));
                    }
                }
            }
            assertThat(differing).isEqualTo(listed);
        }));
    }

    private static Stream<DynamicContainer> table(SchemaType type, String pathPrefix) {
        List<CompatibilityCase> cases = CompatibilityTable.load(type);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(10);
        CompatibilityChecker checker = CompatibilityCheckers.forType(type);
        return cases.stream().map(c -> DynamicContainer.dynamicContainer(c.name(),
                Arrays.stream(CompatibilityLevel.values()).map(level -> DynamicTest.dynamicTest(level.name(), () -> {
                    CompatibilityResult result = checker.check(c.candidate(), c.previous(), level);
                    assertThat(result.compatible())
                            .as("%s at %s (%s); problems: %s", c, level, c.description(), result.problems())
                            .isEqualTo(c.compatibleAt(level));
                    if (result.compatible()) {
                        assertThat(result.problems()).isEmpty();
                    } else {
                        assertThat(result.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith(pathPrefix));
                    }
                }))));
    }
}
