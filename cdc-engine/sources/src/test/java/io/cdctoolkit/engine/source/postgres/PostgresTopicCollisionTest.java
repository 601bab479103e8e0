package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code normalization.on_collision} for a table created while the reader runs: with
 * {@code case_conversion: lower}, a new table {@code "Orders"} resolves to the topic of the existing
 * {@code orders}.
 */
class PostgresTopicCollisionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void underErrorATableCreatedWhileRunningOnAnotherTablesTopicFailsTheReaderNamingBoth() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_collision_error");
        pg.execute(db, "CREATE TABLE orders (id int PRIMARY KEY)", "INSERT INTO orders VALUES (1)");
        try (CdcReader reader = PgTestSupport.reader(config(pg, db, "error"), "coll_error", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertThat(harness.pollAtLeast(1, TIMEOUT).get(0).topic()).isEqualTo("cdc.orders");
            pg.execute(db, "CREATE TABLE \"Orders\" (id int PRIMARY KEY)", "INSERT INTO \"Orders\" VALUES (7)");

            assertThatThrownBy(() -> harness.pollUntil(events -> false, TIMEOUT, true))
                    .isInstanceOf(FatalException.class)
                    .hasMessageContaining(db + ".public.orders").hasMessageContaining(db + ".public.Orders")
                    .hasMessageContaining("'cdc.orders'");
            assertThat(harness.received()).hasSize(1);
        }
    }

    @Test
    void underWarnBothTablesShareTheTopic() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_collision_warn");
        pg.execute(db, "CREATE TABLE orders (id int PRIMARY KEY)", "INSERT INTO orders VALUES (1)");
        try (CdcReader reader = PgTestSupport.reader(config(pg, db, "warn"), "coll_warn", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            pg.execute(db, "CREATE TABLE \"Orders\" (id int PRIMARY KEY)", "INSERT INTO \"Orders\" VALUES (7)",
                    "INSERT INTO orders VALUES (2)");
            List<ChangeEvent> events = harness.pollAtLeast(3, TIMEOUT);
            assertThat(events).extracting(ChangeEvent::topic).containsOnly("cdc.orders");
            assertThat(events).extracting(e -> e.table().table()).containsExactly("orders", "Orders", "orders");
            assertThat(Envelope.after(events.get(1).value()).get("id")).isEqualTo(7);
        }
    }

    private static Map<String, Object> config(PostgresServer pg, String db, String onCollision) {
        Map<String, Object> raw = PgTestSupport.config(pg, db);
        raw.put("topic_routing", "cdc.{table}");
        raw.put("normalization", Map.of("case_conversion", "lower", "on_collision", onCollision));
        // A table created after the start is captured only by a publication for all tables.
        raw.put("publication_autocreate", "all_tables");
        return raw;
    }
}
