package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of the Debezium engine's PostgreSQL changes are marked the first at their LSN
 * ({@link io.cdctoolkit.engine.data.SourcePosition#firstAtOffset}), on a real server: every row of a {@code COPY}
 * (one multi-insert WAL record, one LSN) after the first is not; single-row changes are; snapshot rows never are.
 * The oracle is the LSN itself: a change is first exactly when no change before it in the stream had its LSN.
 */
class DebeziumFirstAtLsnTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void onlyTheFirstChangeAtAnLsnIsMarkedFirstAndSnapshotRowsNever() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_dbz_first_at_lsn");
        pg.execute(db, "CREATE TABLE t (a int, b text)", "ALTER TABLE t REPLICA IDENTITY FULL",
                "INSERT INTO t VALUES (1, 'snap'), (2, 'snap')");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", "debezium");
        config.put("slot_name", "dbz_first_at_lsn");
        try (CdcReader reader = PgTestSupport.reader(config, "first_at_lsn", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = List.copyOf(harness.pollAtLeast(2, TIMEOUT));
            assertThat(snapshot).allSatisfy(e -> assertThat(e.op()).isEqualTo(Op.READ))
                    .noneMatch(e -> e.position().firstAtOffset());
            harness.clear();

            pg.execute(db, "INSERT INTO t VALUES (3, 'one')", "UPDATE t SET b = 'two' WHERE a = 3");
            try (Connection c = pg.connect(db)) {
                StringBuilder rows = new StringBuilder();
                for (int i = 10; i < 60; i++) rows.append(i).append("\tcopied\n");
                c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY t FROM STDIN", new StringReader(rows.toString()));
            }
            pg.execute(db, "DELETE FROM t WHERE a = 3");
            List<ChangeEvent> stream = harness.pollAtLeast(53, TIMEOUT);

            assertThat(stream).hasSize(53);
            long copyRowsAtSharedLsns = 0;
            for (int i = 0; i < stream.size(); i++) {
                Object lsn = stream.get(i).position().offset().get("lsn");
                boolean lsnSeenBefore = false;
                for (int j = 0; j < i; j++) lsnSeenBefore |= lsn.equals(stream.get(j).position().offset().get("lsn"));
                assertThat(stream.get(i).position().firstAtOffset()).as("change %d (%s at lsn %s)", i,
                        stream.get(i).op(), lsn).isEqualTo(!lsnSeenBefore);
                if (lsnSeenBefore) copyRowsAtSharedLsns++;
            }
            assertThat(copyRowsAtSharedLsns).as("COPY's multi-insert records hold several rows at one LSN")
                    .isGreaterThan(0);
            assertThat(stream.get(0).position().firstAtOffset()).as("a single-row insert").isTrue();
            assertThat(stream.get(1).position().firstAtOffset()).as("an update").isTrue();
            assertThat(stream.get(52).position().firstAtOffset()).as("a delete").isTrue();
        }
    }
}
