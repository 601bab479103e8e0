package io.cdctoolkit.compat;

import io.cdctoolkit.engine.source.postgres.PostgresSourceFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link DurabilityScenarios} with {@code postgres-cdc} on {@code engine: native} (issue 12, "Done when": the
 * wave-1 durability tests pass with the native engine): the same kills, restarts and assertions as
 * {@link PostgresDurabilityTest}, whose source config this extends by the one option. Skipped, with a
 * message, while this build's {@code postgres-cdc} has no {@code engine: native}.
 */
class PostgresNativeDurabilityTest extends PostgresDurabilityTest {

    @BeforeEach
    void nativeEngineExists() {
        boolean available = new PostgresSourceFactory().spec().options().stream()
                .anyMatch(o -> o.accepts("engine") && o.allowedValues().contains("native"));
        Assumptions.assumeTrue(available,
                "engine: native not available in this build (postgres-cdc has no option engine with the value native)");
    }

    @Override
    String sourceYaml(String database, String scenario) {
        return super.sourceYaml(database, scenario) + "      engine: native\n";
    }
}
