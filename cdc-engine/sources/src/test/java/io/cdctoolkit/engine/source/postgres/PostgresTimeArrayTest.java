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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.engine.source.postgres.PgTestSupport.assertSameAs;
import static io.cdctoolkit.engine.source.postgres.PgTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code time[]}: elements arrive to the microsecond (Debezium's own conversion went through
 * {@code java.sql.Time} and kept milliseconds), and an element of {@code 24:00:00} (Debezium: midnight)
 * or a nested value makes the event unreadable naming the column, in the snapshot and in the stream.
 */
class PostgresTimeArrayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TABLE = "CREATE TABLE t (id int PRIMARY KEY, times time[], times3 time(3)[], note text)";
    /** The column holding a value no time of day is, and the row's (times, times3). */
    private static final String[][] SPECIAL = {
            {"times", "'{12:00:00,24:00:00}', '{}'"},
            {"times3", "'{}', '{24:00:00}'"},
            {"times", "'{{12:00,13:00}}', '{}'"}};
    private static final String GOOD = "'{12:00:00.123456,NULL,00:00:00,23:59:59.999999}', '{12:00:00.123,NULL}'";
    /** The {@link #GOOD} row as PostgreSQL holds it. */
    private static final List<LocalTime> GOOD_TIMES = Arrays.asList(LocalTime.of(12, 0, 0, 123_456_000), null,
            LocalTime.MIDNIGHT, LocalTime.of(23, 59, 59, 999_999_000));
    private static final List<LocalTime> GOOD_TIMES3 = Arrays.asList(LocalTime.of(12, 0, 0, 123_000_000), null);
    /** Values Debezium's own conversion already gave right (whole milliseconds), NULL and empty arrays. */
    private static final String[] MILLISECONDS = {
            "'{12:00:00.123,NULL,00:00:00,23:59:59.999}', '{08:30:00.5}'", "NULL, NULL", "'{}', '{}'"};

    @TempDir
    Path ours;
    @TempDir
    Path debeziums;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();


    @Test
    void timesArriveToTheMicrosecondAndTwentyFourHundredIsUnreadable() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_time_array");
        pg.execute(db, TABLE);
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "time_array", ours)) {
            PgTestSupport.snapshotThenStream(reader, SPECIAL.length + 1, TIMEOUT, offset -> insertSpecialThenGood(pg, db, offset),
                    (events, offset) -> assertSpecialThenGood(events, offset));
        }
    }

    @Test
    void valuesDebeziumReadRightArriveAsBefore() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_time_array_ms");
        pg.execute(db, TABLE);
        insert(pg, db, 0, MILLISECONDS);
        Map<String, Object> config = PgTestSupport.config(pg, db);
        try (CdcReader reader = PgTestSupport.reader(config, "time_array_ours", ours);
             CdcReader plain = PgTestSupport.readerWithDebeziumConverters(config, "time_array_debezium", debeziums)) {
            reader.start();
            plain.start();
            ReaderHarness withConverter = new ReaderHarness(reader);
            ReaderHarness withoutConverter = new ReaderHarness(plain);
            assertSameAs(rows(withConverter.pollAtLeast(MILLISECONDS.length, TIMEOUT)),
                    rows(withoutConverter.pollAtLeast(MILLISECONDS.length, TIMEOUT)));
            withConverter.clear();
            withoutConverter.clear();
            insert(pg, db, 100, MILLISECONDS);
            List<Row> stream = rows(withConverter.pollAtLeast(MILLISECONDS.length, TIMEOUT));
            assertSameAs(stream, rows(withoutConverter.pollAtLeast(MILLISECONDS.length, TIMEOUT)));
            assertThat(stream.get(0).get("times")).isEqualTo(Arrays.asList(LocalTime.of(12, 0, 0, 123_000_000), null,
                    LocalTime.MIDNIGHT, LocalTime.of(23, 59, 59, 999_000_000)));
        }
    }

    private static void insertSpecialThenGood(PostgresServer pg, String db, int base) throws Exception {
        String[] rows = new String[SPECIAL.length + 1];
        for (int i = 0; i < SPECIAL.length; i++) rows[i] = SPECIAL[i][1];
        rows[SPECIAL.length] = GOOD;
        insert(pg, db, base, rows);
    }

    private static void insert(PostgresServer pg, String db, int base, String[] rows) throws Exception {
        String[] sql = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            sql[i] = "INSERT INTO t (id, note, times, times3) VALUES (" + (base + i) + ", 'row " + (base + i) + "', "
                    + rows[i] + ")";
        }
        pg.execute(db, sql);
    }

    private static void assertSpecialThenGood(List<ChangeEvent> events, int base) {
        assertThat(events).hasSize(SPECIAL.length + 1);
        for (int i = 0; i < SPECIAL.length; i++) {
            ChangeEvent event = events.get(i);
            assertThat(event.isUnreadable()).as("row %s (%s) gave %s", base + i, SPECIAL[i][1], event.value()).isTrue();
            assertThat(event.unreadable().field()).isEqualTo(SPECIAL[i][0]);
            assertThat(event.key().get("id")).isEqualTo(base + i);
            assertThat(new String(event.unreadable().raw(), StandardCharsets.UTF_8))
                    .contains("\"note\":\"row " + (base + i) + "\"");
        }
        assertThat(events.get(0).unreadable().reason()).contains("'24:00:00' is not a time of day");
        assertThat(events.get(2).unreadable().reason()).contains("a nested array");
        ChangeEvent good = events.get(SPECIAL.length);
        assertThat(good.isUnreadable()).as("unreadable: %s", good.unreadable()).isFalse();
        Row row = Envelope.after(good.value());
        assertThat(row.schema().field("times").type()).isEqualTo(new FieldType.Array(FieldType.TIME));
        assertThat(row.get("times")).isEqualTo(GOOD_TIMES);
        assertThat(row.get("times3")).isEqualTo(GOOD_TIMES3);
    }
}
