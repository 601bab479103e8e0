package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zero dates ({@code '0000-00-00'}, a month or day 0), which MariaDB's default {@code sql_mode} accepts: Debezium's
 * snapshot and binlog readers turn them into null before any converter sees them, and its conversion puts the epoch
 * in a {@code NOT NULL} column. The toolkit cannot tell them from real values afterwards; this pins what arrives, as
 * documented (docs/sources/mysql-mariadb.md, Limits), and {@code check} warns of the sql_mode
 * ({@code MariaDbInspectorTest}). Should Debezium change, this test asks for the docs to change with it.
 */
class MariaDbZeroDatesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void zeroDatesArriveAsNullOrTheEpochInSnapshotAndBinlog() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_zero_dates");
        String values = "'0000-00-00', '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '2024-00-15', '2024-02-00 10:00:00'";
        maria.execute(db, "CREATE TABLE z (id int PRIMARY KEY, d date NOT NULL, dn date NULL, dt datetime NOT NULL, dtn datetime NULL,"
                        + " d_month0 date NULL, dt_day0 datetime NULL)");
        try (java.sql.Connection c = maria.connect(db); java.sql.Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            st.execute("INSERT INTO z VALUES (1, " + values + ")");
        }
        try (CdcReader reader = MariaDbTestSupport.reader(MariaDbTestSupport.config(maria, db), "zero", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = List.copyOf(harness.pollAtLeast(1, TIMEOUT));
            harness.clear();
            try (java.sql.Connection c = maria.connect(db); java.sql.Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_mode = ''");
                st.execute("INSERT INTO z VALUES (2, " + values + ")");
            }
            List<ChangeEvent> stream = List.copyOf(harness.pollAtLeast(1, TIMEOUT));
            for (ChangeEvent e : List.of(snapshot.get(0), stream.get(0))) {
                Row row = Envelope.after(e.value());
                assertThat(row.get("d")).isEqualTo(LocalDate.EPOCH);
                assertThat(row.get("dt")).isEqualTo(Instant.EPOCH);
                assertThat(row.get("dn")).isNull();
                assertThat(row.get("dtn")).isNull();
                assertThat(row.get("d_month0")).isNull();
                assertThat(row.get("dt_day0")).isNull();
            }
        }
    }
}
