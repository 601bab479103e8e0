package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link DurabilityScenarios} with {@code mariadb-cdc} on the CI's MariaDB server; skipped without one
 * ({@link MariaDbServer#UNAVAILABLE} says how to get it).
 */
class MariaDbDurabilityTest extends DurabilityScenarios {

    private final MariaDbServer server = MariaDbServer.fromEnvironment().orElse(null);

    @BeforeEach
    void needsMariaDb() {
        assumeTrue(server != null, MariaDbServer.UNAVAILABLE);
    }

    @Override
    void createDatabaseWithItems(String name) throws Exception {
        server.createDatabase(name);
        server.execute(name, "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)");
    }

    @Override
    Connection connect(String database) throws SQLException {
        return server.connect(database);
    }

    /**
     * A binlog offset names the transaction's start, the events and the rows of the current event to
     * skip: the first change after the restart is the row the saved offset says to resume at.
     */
    @Override
    void assertResumedRightAfterTheSavedOffset(JsonNode savedOffset, JsonNode lastOnce, JsonNode firstAfterRestart) {
        assertThat(firstAfterRestart.get("row").asInt()).as("row of the first change after the restart (%s), saved offset %s",
                firstAfterRestart, savedOffset).isEqualTo(savedOffset.get("row").asInt());
    }

    @Override
    String sourceYaml(String database, String scenario) {
        // The password reaches the child through its environment, not the config file.
        return """
                    connector: mariadb-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: %s
                      password: ${CDC_TEST_MARIADB_PASSWORD}
                      server_id: %d
                      include_tables: [items]
                      poll_interval_ms: 50
                """.formatted(server.host(), server.port(), database, server.user(), "crash".equals(scenario) ? 5731 : 5732);
    }
}
