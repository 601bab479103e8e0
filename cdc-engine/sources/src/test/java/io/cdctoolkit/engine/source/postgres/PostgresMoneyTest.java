package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.engine.source.postgres.PgTestSupport.assertSameAs;
import static io.cdctoolkit.engine.source.postgres.PgTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code money}: Debezium's snapshot reads it through a {@code double}; an amount the double cannot
 * tell from its neighbours is unreadable in the snapshot (instead of rounded) and exact in the stream,
 * and every other amount arrives exactly as Debezium's own conversion gives it.
 */
class PostgresMoneyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TABLE = "CREATE TABLE t (id int PRIMARY KEY, m money DEFAULT 1.5, note text)";
    /** Amounts a double carries to the cent (below 2^46, where its spacing is finer than a cent). */
    private static final String[] FITTING = {"12.34", "-0.01", "0", "NULL", "70000000000000.00", "-70368744177663.99"};
    /** Amounts beyond: the double's spacing is a cent or more. */
    private static final String[] BEYOND = {"80000000000000.01", "92233720368547758.07", "-92233720368547758.08"};

    @TempDir
    Path ours;
    @TempDir
    Path debeziums;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();


    @Test
    void largeAmountsAreUnreadableInTheSnapshotAndExactInTheStream() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_money_large");
        pg.execute(db, TABLE);
        insert(pg, db, 0, BEYOND);
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "money_large", ours)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = harness.pollAtLeast(BEYOND.length, TIMEOUT);
            for (ChangeEvent event : snapshot) {
                assertThat(event.isUnreadable()).as("gave %s", event.value()).isTrue();
                assertThat(event.unreadable().field()).isEqualTo("m");
                assertThat(event.unreadable().reason()).contains("read as the double");
            }
            harness.clear();
            insert(pg, db, 100, BEYOND);
            List<Row> stream = rows(harness.pollAtLeast(BEYOND.length, TIMEOUT));
            assertThat(stream.get(0).schema().field("m").type()).isEqualTo(new FieldType.Decimal(38, 2));
            for (Row row : stream) assertThat(row.get("m")).isEqualTo(stored(pg, db, (Integer) row.get("id")));
        }
    }

    @Test
    void fittingAmountsArriveExactlyAsDebeziumsOwnConversionGivesThem() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_money_fitting");
        pg.execute(db, TABLE);
        insert(pg, db, 0, FITTING);
        Map<String, Object> config = PgTestSupport.config(pg, db);
        try (CdcReader reader = PgTestSupport.reader(config, "money_ours", ours);
             CdcReader plain = PgTestSupport.readerWithDebeziumConverters(config, "money_debezium", debeziums)) {
            reader.start();
            plain.start();
            ReaderHarness withConverter = new ReaderHarness(reader);
            ReaderHarness withoutConverter = new ReaderHarness(plain);
            List<Row> snapshot = rows(withConverter.pollAtLeast(FITTING.length, TIMEOUT));
            assertSameAs(snapshot, rows(withoutConverter.pollAtLeast(FITTING.length, TIMEOUT)));
            for (Row row : snapshot) assertThat(row.get("m")).isEqualTo(stored(pg, db, (Integer) row.get("id")));
            withConverter.clear();
            withoutConverter.clear();
            insert(pg, db, 100, FITTING);
            List<Row> stream = rows(withConverter.pollAtLeast(FITTING.length, TIMEOUT));
            assertSameAs(stream, rows(withoutConverter.pollAtLeast(FITTING.length, TIMEOUT)));
            for (Row row : stream) assertThat(row.get("m")).isEqualTo(stored(pg, db, (Integer) row.get("id")));
        }
    }

    private static void insert(PostgresServer pg, String db, int base, String[] amounts) throws Exception {
        String[] sql = new String[amounts.length];
        for (int i = 0; i < amounts.length; i++) {
            String value = amounts[i].equals("NULL") ? "NULL" : "'" + amounts[i] + "'::numeric::money";
            sql[i] = "INSERT INTO t (id, m, note) VALUES (" + (base + i) + ", " + value + ", 'row')";
        }
        pg.execute(db, sql);
    }

    /** The amount as the server converts it to numeric itself (exact, locale-independent). */
    private static BigDecimal stored(PostgresServer pg, String db, int id) throws Exception {
        try (Connection c = pg.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT m::numeric FROM t WHERE id = " + id)) {
            assertThat(rs.next()).isTrue();
            return rs.getBigDecimal(1);
        }
    }
}
