package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.engine.source.postgres.PostgresSourceFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** The native reader's own offsets file (docs/sources/postgresql.md, Native engine), as JSON. */
    @Override
    JsonNode savedOffset(Path sourceStateDir) throws Exception {
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(sourceStateDir.resolve("native-offsets.properties"))) {
            saved.load(in);
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        saved.forEach((k, v) -> json.put((String) k, (String) v));
        return json;
    }

    /**
     * The native offset is the commit LSN of the last transaction delivered (wholly, or its first {@code index}
     * changes when {@code tx_complete} is false). One writer commits here, so change LSNs grow with commits:
     * what was delivered once lies before that commit LSN, and the restart resumes after it (a completed
     * transaction) or inside that transaction (a partly committed one).
     */
    @Override
    void assertResumedRightAfterTheSavedOffset(JsonNode savedOffset, JsonNode lastOnce, JsonNode firstAfterRestart) {
        long commitLsn = Long.parseUnsignedLong(savedOffset.get("commit_lsn").asText());
        assertThat(lastOnce.get("lsn").asLong()).as("last change delivered once, saved offset %s", savedOffset)
                .isLessThan(commitLsn);
        if (Boolean.parseBoolean(savedOffset.get("tx_complete").asText())) {
            assertThat(firstAfterRestart.get("lsn").asLong()).as("first change after the restart").isGreaterThan(commitLsn);
        } else {
            assertThat(firstAfterRestart.get("lsn").asLong()).as("first change after the restart, in the same transaction")
                    .isGreaterThan(lastOnce.get("lsn").asLong()).isLessThan(commitLsn);
        }
    }

    /** The snapshot is read from the exported snapshot of a new slot, and streaming starts at that slot's point. */
    @Override
    boolean resnapshotJoinsTheStreamExactly() {
        return true;
    }

    @Override
    String sourceYaml(String database, String scenario) {
        // As the parity suite (EngineRun): -Dcdc.native.snapshot_connections=N runs the scenarios on N connections.
        Integer connections = Integer.getInteger("cdc.native.snapshot_connections");
        return super.sourceYaml(database, scenario)
                + (connections == null ? "" : "      snapshot_connections: " + connections + "\n");
    }

    @Override
    String engine() {
        return "native";
    }
}
