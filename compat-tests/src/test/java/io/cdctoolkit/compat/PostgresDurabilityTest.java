package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DurabilityScenarios} with {@code postgres-cdc} on the embedded PostgreSQL 17. */
class PostgresDurabilityTest extends DurabilityScenarios {

    private final PostgresServer pg = PostgresServer.shared();

    @Override
    void createDatabaseWithItems(String name) throws Exception {
        pg.createDatabase(name);
        // FULL: a delete's before-image carries v, not only the key.
        pg.execute(name, "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)", "ALTER TABLE items REPLICA IDENTITY FULL");
    }

    @Override
    Connection connect(String database) throws SQLException {
        return pg.connect(database);
    }

    /**
     * The saved offset is the WAL position (lsn) of the last change delivered once, or a later position
     * without a change of the table (a transaction's COMMIT, carried by a heartbeat, which is on by
     * default), but before the first change delivered again.
     */
    @Override
    void assertResumedRightAfterTheSavedOffset(JsonNode savedOffset, JsonNode lastOnce, JsonNode firstAfterRestart) {
        assertThat(lastOnce.get("lsn").asLong()).as("lsn of the last change delivered once, saved offset %s", savedOffset)
                .isLessThanOrEqualTo(savedOffset.get("lsn").asLong());
        assertThat(firstAfterRestart.get("lsn").asLong()).isGreaterThan(savedOffset.get("lsn").asLong());
    }

    @Override
    String sourceYaml(String database, String scenario) {
        return """
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: postgres
                      ssl_mode: disable
                      slot_name: durability_%s
                      include_tables: [public.items]
                      poll_interval_ms: 50
                      engine: %s
                """.formatted(pg.host(), pg.port(), database, scenario, engine());
    }

    /**
     * {@link #killMidBlockingBackfillThenRestart}: with {@code engine: debezium} a backfill is Debezium's blocking
     * snapshot, as on MariaDB ({@link PostgresNativeDurabilityTest} overrides this with its engine's own backfill).
     */
    @Test
    void killedMidBackfillThenRestartedBackfillsAgainAndLosesNoChange() throws Exception {
        killMidBlockingBackfillThenRestart("durability_backfill");
    }

    /** The engine the scenarios run on: the Debezium engine here (its offsets file is what the assertions read). */
    String engine() {
        return "debezium";
    }
}
