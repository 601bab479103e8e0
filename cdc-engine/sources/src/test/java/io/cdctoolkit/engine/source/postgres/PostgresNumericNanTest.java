package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fixed-scale {@code numeric(p,s)} holding NaN is an unreadable event naming the column, never a
 * NULL (Debezium's precise decimal mode would drop it to null), in the snapshot and
 * in the stream; ordinary values and real NULLs arrive as before.
 */
class PostgresNumericNanTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** Per pass, by id offset: the amount inserted. */
    private static final String[] AMOUNTS = {"12.30", "NULL", "'NaN'", "-7.5"};

    @TempDir
    Path state;

    @Test
    void nanInFixedScaleNumericIsUnreadableAndOtherValuesExact() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_numeric_nan");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, amount numeric(10,2) DEFAULT 1.5, note text)");
        insertRows(pg, db, 0);
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "numeric_nan", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertRows(List.copyOf(harness.pollAtLeast(AMOUNTS.length, TIMEOUT)), 0);
            harness.clear();
            insertRows(pg, db, 100);
            assertRows(harness.pollAtLeast(AMOUNTS.length, TIMEOUT), 100);
        }
    }

    private static void insertRows(PostgresServer pg, String db, int base) throws Exception {
        String[] sql = new String[AMOUNTS.length];
        for (int i = 0; i < AMOUNTS.length; i++) {
            sql[i] = "INSERT INTO t VALUES (" + (base + i) + ", " + AMOUNTS[i] + ", 'row " + i + "')";
        }
        pg.execute(db, sql);
    }

    private static void assertRows(List<ChangeEvent> events, int base) {
        assertThat(events).hasSize(AMOUNTS.length);
        Row twelve = after(events.get(0));
        assertThat(twelve.schema().field("amount").type()).isEqualTo(new FieldType.Decimal(10, 2));
        assertThat(twelve.get("amount")).isEqualTo(new BigDecimal("12.30"));
        assertThat(twelve.schema().field("amount").defaultValue()).isEqualTo(new BigDecimal("1.50"));
        Row nullAmount = after(events.get(1));
        assertThat(nullAmount.get("amount")).isNull();
        assertThat(nullAmount.get("note")).isEqualTo("row 1");
        ChangeEvent nan = events.get(2);
        assertThat(nan.isUnreadable()).as("amount = 'NaN' gave %s", nan.value()).isTrue();
        assertThat(nan.unreadable().field()).isEqualTo("amount");
        assertThat(nan.unreadable().reason()).contains("'NaN'", "decimal(10,2)");
        assertThat(nan.key().get("id")).isEqualTo(base + 2);
        assertThat(new String(nan.unreadable().raw(), StandardCharsets.UTF_8))
                .contains("\"id\":" + (base + 2), "\"amount\":\"NaN\"", "\"note\":\"row 2\"");
        assertThat(after(events.get(3)).get("amount")).isEqualTo(new BigDecimal("-7.50"));
    }

    private static Row after(ChangeEvent event) {
        assertThat(event.isUnreadable()).as("unreadable: %s", event.unreadable()).isFalse();
        return Envelope.after(event.value());
    }
}
