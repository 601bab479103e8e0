package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresReaderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void snapshotThenInsertUpdateDeleteArriveAsReadCreateUpdateDeleteWithFullBeforeImages() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_crud");
        pg.execute(db, "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, score numeric(10,2))",
                "ALTER TABLE customers REPLICA IDENTITY FULL",
                "INSERT INTO customers VALUES (1, 'ada', 10.50), (2, 'bob', NULL)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        try (CdcReader reader = PgTestSupport.reader(config, "crud", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = harness.pollAtLeast(2, TIMEOUT);
            assertThat(snapshot).extracting(ChangeEvent::op).containsOnly(Op.READ);
            assertThat(snapshot).extracting(e -> Envelope.after(e.value()).get("name")).containsExactly("ada", "bob");
            assertThat(snapshot.get(0).topic()).isEqualTo("pg_crud.public.customers");
            assertThat(snapshot.get(0).key().get("id")).isEqualTo(1);

            pg.execute(db, "INSERT INTO customers VALUES (3, 'cy', 7.25)",
                    "UPDATE customers SET name = 'ada lovelace', score = 11.00 WHERE id = 1",
                    "DELETE FROM customers WHERE id = 2");
            harness.clear();
            List<ChangeEvent> changes = harness.pollAtLeast(3, TIMEOUT);
            assertThat(changes).extracting(ChangeEvent::op).containsExactly(Op.CREATE, Op.UPDATE, Op.DELETE);

            Row created = Envelope.after(changes.get(0).value());
            assertThat(created.get("score")).isEqualTo(new BigDecimal("7.25"));
            assertThat(Envelope.before(changes.get(0).value())).isNull();

            Row before = Envelope.before(changes.get(1).value());
            Row after = Envelope.after(changes.get(1).value());
            assertThat(before.get("name")).isEqualTo("ada");
            assertThat(before.get("score")).isEqualTo(new BigDecimal("10.50"));
            assertThat(after.get("name")).isEqualTo("ada lovelace");

            Row deleted = Envelope.before(changes.get(2).value());
            assertThat(deleted.get("name")).isEqualTo("bob");
            assertThat(Envelope.after(changes.get(2).value())).isNull();
            assertThat(changes.get(2).key().get("id")).isEqualTo(2);
            assertThat(changes.get(2).sourceTimestamp()).isNotNull();
            assertThat(changes.get(2).transaction()).isNotNull();
        }
    }

    @Test
    void aValueThatCannotBeConvertedIsAnUnreadableEventInItsPlaceAndTheReaderGoesOn() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_bad_value");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, tm time)",
                "INSERT INTO t VALUES (1, '10:00'), (2, '24:00:00'), (3, '11:00')");
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "bad", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> events = harness.pollAtLeast(3, TIMEOUT);
            assertThat(events).extracting(e -> e.key().get("id")).containsExactly(1, 2, 3);
            assertThat(events).extracting(ChangeEvent::isUnreadable).containsExactly(false, true, false);
            assertThat(events.get(1).unreadable().field()).isEqualTo("tm");
            assertThat(events.get(1).unreadable().reason()).contains("not a time of day");
            assertThat(Envelope.after(events.get(2).value()).get("id")).isEqualTo(3);

            pg.execute(db, "INSERT INTO t VALUES (4, '24:00:00'), (5, '12:00')");
            assertThat(harness.pollAtLeast(5, TIMEOUT)).extracting(ChangeEvent::isUnreadable)
                    .containsExactly(false, true, false, true, false);
        }
    }
}
