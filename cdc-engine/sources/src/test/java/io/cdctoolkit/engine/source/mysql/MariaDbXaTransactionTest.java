package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins a documented limit (docs/sources/mysql-mariadb.md, Limits, "XA transactions"): the server writes an XA
 * transaction's changes to the binlog at {@code XA PREPARE}, Debezium delivers them there, and nothing in the binlog
 * undoes them when the transaction is then rolled back ({@code XA ROLLBACK}): the stream holds a row the table never
 * had. The oracle is the table itself. Should a Debezium upgrade stop delivering the rolled-back row, this test fails
 * and the limit can go.
 */
class MariaDbXaTransactionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void anXaTransactionRolledBackAfterPrepareIsStillDelivered() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_xa");
        try {
            maria.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v varchar(20))", "INSERT INTO t VALUES (1, 'a')");
            try (CdcReader reader = MariaDbTestSupport.reader(MariaDbTestSupport.config(maria, db), "xa", state)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollAtLeast(1, TIMEOUT);
                try (Connection c = maria.connect(db); Statement st = c.createStatement()) {
                    for (String sql : List.of("XA START 'rolled'", "INSERT INTO t VALUES (5, 'never committed')",
                            "XA END 'rolled'", "XA PREPARE 'rolled'", "XA ROLLBACK 'rolled'",
                            "XA START 'kept'", "INSERT INTO t VALUES (6, 'committed')", "XA END 'kept'",
                            "XA PREPARE 'kept'", "XA COMMIT 'kept'", "INSERT INTO t VALUES (7, 'plain')")) {
                        st.execute(sql);
                    }
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM t WHERE id = 5")) {
                        rs.next();
                        assertThat(rs.getInt(1)).as("the rolled-back row in the table").isZero();
                    }
                }
                List<ChangeEvent> events = harness.pollAtLeast(4, TIMEOUT);
                assertThat(events).extracting(e -> Envelope.after(e.value()).get("id")).containsExactly(1, 5, 6, 7);
            }
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }
}
