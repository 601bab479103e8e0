package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
     * Debezium's binlog offset ({@code BinlogOffsetContext}) names the start of the transaction being read
     * ({@code file}, {@code pos}), the events of it already complete ({@code event}) and the rows of the next
     * event already sent ({@code row}). A change's offset points right after it: its row number + 1, which
     * for the last row of an event is the event's row count (e.g. {@code row: 200} after a 200-row insert).
     * So the saved offset is the last change delivered once, and the first change after the restart is
     * the next row of that change's event or, when that change ended its event, row 0 of a later event
     * (the next statement, or the next transaction).
     */
    @Override
    void assertResumedRightAfterTheSavedOffset(JsonNode savedOffset, JsonNode lastOnce, JsonNode firstAfterRestart) {
        String context = "saved offset " + savedOffset + ", last change delivered once " + lastOnce
                + ", first change after the restart " + firstAfterRestart;
        assertThat(savedOffset.path("row").asInt()).as("the saved offset points right after the last change delivered once: "
                + context).isEqualTo(lastOnce.get("row").asInt() + 1);
        assertThat(savedOffset.get("file").asText()).as(context).isEqualTo(lastOnce.get("file").asText());
        assertThat(savedOffset.get("pos").asLong()).as("the saved position is the start of the change's transaction: "
                + context).isLessThanOrEqualTo(lastOnce.get("pos").asLong());
        if (sameEvent(firstAfterRestart, lastOnce)) {
            assertThat(firstAfterRestart.get("row").asInt()).as("the next row of the same event: " + context)
                    .isEqualTo(savedOffset.get("row").asInt());
        } else {
            assertThat(firstAfterRestart.get("row").asInt()).as("row 0 of a later event: " + context).isZero();
            assertThat(binlogOrder(firstAfterRestart)).as("a later event: " + context)
                    .isGreaterThan(binlogOrder(lastOnce));
        }
    }

    private static boolean sameEvent(JsonNode a, JsonNode b) {
        return a.get("file").asText().equals(b.get("file").asText()) && a.get("pos").asLong() == b.get("pos").asLong();
    }

    /** Binlog files are numbered with fixed-width suffixes, so file name then position orders events. */
    private static String binlogOrder(JsonNode source) {
        return source.get("file").asText() + String.format("/%020d", source.get("pos").asLong());
    }

    /** {@link #killMidBlockingBackfillThenRestart}: the binlog source's backfill, Debezium's blocking snapshot. */
    @Test
    void killedMidBackfillThenRestartedReadsTheRowsAgainAndLosesNoChange() throws Exception {
        killMidBlockingBackfillThenRestart("durability_backfill");
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
