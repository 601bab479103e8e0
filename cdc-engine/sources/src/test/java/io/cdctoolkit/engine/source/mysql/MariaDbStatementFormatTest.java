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
 * Pins a documented limit (docs/sources/mysql-mariadb.md, Limits, "Changes binlogged as statements"): a writing
 * session may set its own {@code binlog_format} (with SUPER or BINLOG ADMIN) whatever the server's is, and a change it
 * writes as a statement is skipped by Debezium, which logs a WARN quoting the statement (the CLI replaces that line,
 * see DebeziumLogFilter). The oracle is the table. Should a Debezium upgrade capture such changes or stop at them,
 * this test fails and the limit can go.
 */
class MariaDbStatementFormatTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void aChangeASessionBinlogsAsAStatementIsNotCaptured() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_statement");
        try {
            maria.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v varchar(20))", "INSERT INTO t VALUES (1, 'a')");
            try (CdcReader reader = MariaDbTestSupport.reader(MariaDbTestSupport.config(maria, db), "stmt", state)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollAtLeast(1, TIMEOUT);
                try (Connection c = maria.connect(db); Statement st = c.createStatement()) {
                    st.execute("SET SESSION binlog_format = 'STATEMENT'");
                    st.execute("INSERT INTO t VALUES (2, 'as a statement')");
                    st.execute("SET SESSION binlog_format = 'ROW'");
                    st.execute("INSERT INTO t VALUES (3, 'as rows')");
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                        rs.next();
                        assertThat(rs.getInt(1)).as("rows in the table").isEqualTo(3);
                    }
                }
                List<ChangeEvent> events = harness.pollAtLeast(2, TIMEOUT);
                assertThat(reader.poll(Duration.ofSeconds(2))).isEmpty();
                assertThat(events).extracting(e -> Envelope.after(e.value()).get("id")).containsExactly(1, 3);
            }
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }
}
