package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.compat.table.CompatibilityCase;
import io.cdctoolkit.schema.compat.table.CompatibilityTable;
import io.cdctoolkit.schema.format.SchemaType;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every row of the rule tables (src/test/resources/compat-table, verdicts taken from the
 * documented rules) at all seven levels: the verdict must match, and an incompatible verdict must
 * say where, path first.
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
