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
 * A {@code numeric} holding NaN (or, unconstrained, ±Infinity) is an unreadable event naming the
 * column, never a NULL (Debezium's precise decimal mode would leave the field null), in the snapshot
 * and in the stream; ordinary values and real NULLs arrive as before.
 */
class PostgresNumericNanTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** Per row (id offset = index): the {@code amount numeric(10,2)} and {@code free numeric} inserted. */
    private static final String[][] ROWS = {{"12.30", "1.50"}, {"NULL", "NULL"}, {"'NaN'", "0"}, {"-7.5", "'NaN'"},
            {"0", "'Infinity'"}, {"0", "'-Infinity'"}, {"-7.5", "100"}};
    /** Which rows are unreadable, and for which column. */
    private static final String[] UNREADABLE = {null, null, "amount", "free", "free", "free", null};

    @TempDir
    Path state;

    @Test
    void nanAndInfinityInNumericAreUnreadableAndOtherValuesExact() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_numeric_nan");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, amount numeric(10,2) DEFAULT 1.5, note text,"
                + " free numeric)");
        insertRows(pg, db, 0);
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "numeric_nan", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertRows(List.copyOf(harness.pollAtLeast(ROWS.length, TIMEOUT)), 0);
            harness.clear();
            insertRows(pg, db, 100);
            assertRows(harness.pollAtLeast(ROWS.length, TIMEOUT), 100);
        }
    }

    private static void insertRows(PostgresServer pg, String db, int base) throws Exception {
        String[] sql = new String[ROWS.length];
        for (int i = 0; i < ROWS.length; i++) {
            sql[i] = "INSERT INTO t VALUES (" + (base + i) + ", " + ROWS[i][0] + ", 'row " + i + "', " + ROWS[i][1] + ")";
        }
        pg.execute(db, sql);
    }

    private static void assertRows(List<ChangeEvent> events, int base) {
        assertThat(events).hasSize(ROWS.length);
        Row first = after(events.get(0));
        assertThat(first.schema().field("amount").type()).isEqualTo(new FieldType.Decimal(10, 2));
        assertThat(first.schema().field("amount").defaultValue()).isEqualTo(new BigDecimal("1.50"));
        assertThat(first.get("amount")).isEqualTo(new BigDecimal("12.30"));
        assertThat(first.schema().field("free").type()).isEqualTo(FieldType.STRING);
        assertThat(first.get("free")).isEqualTo("1.5");
        Row nulls = after(events.get(1));
        assertThat(nulls.get("amount")).isNull();
        assertThat(nulls.get("free")).isNull();
        assertThat(nulls.get("note")).isEqualTo("row 1");
        Row last = after(events.get(6));
        assertThat(last.get("amount")).isEqualTo(new BigDecimal("-7.50"));
        assertThat(last.get("free")).isEqualTo("100");
        for (int i = 2; i <= 5; i++) {
            ChangeEvent special = events.get(i);
            String column = UNREADABLE[i];
            String value = ROWS[i][column.equals("amount") ? 0 : 1];
            assertThat(special.isUnreadable()).as("%s = %s gave %s", column, value, special.value()).isTrue();
            assertThat(special.unreadable().field()).isEqualTo(column);
            assertThat(special.unreadable().reason()).contains(value);
            assertThat(special.key().get("id")).isEqualTo(base + i);
            assertThat(new String(special.unreadable().raw(), StandardCharsets.UTF_8))
                    .contains("\"id\":" + (base + i), "\"" + column + "\":\"" + value.replace("'", "") + "\"",
                            "\"note\":\"row " + i + "\"");
        }
    }

    private static Row after(ChangeEvent event) {
        assertThat(event.isUnreadable()).as("unreadable: %s", event.unreadable()).isFalse();
        return Envelope.after(event.value());
    }
}
