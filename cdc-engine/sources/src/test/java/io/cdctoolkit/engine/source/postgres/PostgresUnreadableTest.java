package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL values no field type holds exactly arrive as unreadable events naming the column, in
 * the snapshot and in the stream, and the rows after them keep coming.
 */
class PostgresUnreadableTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** id → the one special value in that row, and the column it is in. */
    private static final String[][] SPECIALS = {
            {"tz", "'infinity'"}, {"tz", "'-infinity'"}, {"ts", "'infinity'"}, {"ts", "'-infinity'"},
            {"ts3", "'infinity'"}, {"ts3", "'-infinity'"}, {"d", "'infinity'"}, {"d", "'-infinity'"},
            {"tm", "'24:00:00'"}, {"ts", "'294270-01-01 00:00'"}, {"tza", "'{-infinity}'"}, {"tza", "'{infinity}'"},
            {"tsa", "'{infinity}'"}, {"da", "'{-infinity}'"}};

    @TempDir
    Path state;

    @RegisterExtension
    final PgDatabases databases = new PgDatabases();


    @Test
    void specialValuesAreUnreadableNamingTheColumnAndLaterRowsArrive() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_unreadable");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, tz timestamptz, ts timestamp, ts3 timestamp(3), d date,"
                + " tm time, note text, tza timestamptz[], tsa timestamp[], da date[])");
        insertRows(pg, db, 0);
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "unreadable", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            int perPass = SPECIALS.length + 1;
            assertRows(List.copyOf(harness.pollAtLeast(perPass, TIMEOUT)), 0);
            harness.clear();
            insertRows(pg, db, 100);
            assertRows(harness.pollAtLeast(perPass, TIMEOUT), 100);
        }
    }

    private static void insertRows(PostgresServer pg, String db, int base) throws Exception {
        String[] sql = new String[SPECIALS.length + 1];
        for (int i = 0; i < SPECIALS.length; i++) {
            sql[i] = "INSERT INTO t (id, " + SPECIALS[i][0] + ", note) VALUES (" + (base + i) + ", " + SPECIALS[i][1]
                    + ", 'special')";
        }
        sql[SPECIALS.length] = "INSERT INTO t VALUES (" + (base + SPECIALS.length) + ", '2024-01-31 12:00+00',"
                + " '2024-01-31 12:00', '2024-01-31 12:00:00.123', '2024-01-31', '23:59:59.999999', 'fine')";
        pg.execute(db, sql);
    }

    private static void assertRows(List<ChangeEvent> events, int base) {
        for (int i = 0; i < SPECIALS.length; i++) {
            ChangeEvent event = events.get(i);
            assertThat(event.isUnreadable()).as("row %s: %s = %s gave %s", base + i, SPECIALS[i][0], SPECIALS[i][1], event.value()).isTrue();
            assertThat(event.unreadable().field()).isEqualTo(SPECIALS[i][0]);
            assertThat(event.key().get("id")).isEqualTo(base + i);
            assertThat(event.position()).isNotNull();
            assertThat(new String(event.unreadable().raw(), StandardCharsets.UTF_8))
                    .contains("\"id\":" + (base + i), "\"note\":\"special\"");
        }
        ChangeEvent fine = events.get(SPECIALS.length);
        assertThat(fine.isUnreadable()).isFalse();
        assertThat(Envelope.after(fine.value()).get("note")).isEqualTo("fine");
    }
}
