package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MariaDB source outlives the server's {@code net_write_timeout} (60 s by default: a Kafka outage of a minute)
 * while the sink holds the pipeline back. The server ended a connection whose writes had waited that long: the
 * snapshot's streaming {@code SELECT} (the snapshot failed, the source stopped, and the next start read every table
 * again from the first row) and, while streaming, the binlog connection (the source stopped). The oracle is the table:
 * every row once. (A {@code max_statement_time} set for the server, 2 s against a 6 s hold, did not end Debezium's
 * snapshot here: not changed, not tested.)
 */
class MariaDbNetWriteTimeoutTest {

    private static final int ROWS = 100_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** How long the sink holds the pipeline back, against the server's net_write_timeout of 3 s. */
    private static final Duration STALL = Duration.ofSeconds(10);

    @TempDir
    Path state;

    @Test
    void aSinkThatHoldsTheSnapshotBackLongerThanNetWriteTimeoutLosesNothing() throws Exception {
        withShortNetWriteTimeout("maria_net_write", (maria, db) -> {
            maria.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v varchar(300))",
                    "INSERT INTO t SELECT seq, repeat('x', 300) FROM seq_1_to_" + ROWS);
            try (CdcReader reader = MariaDbTestSupport.reader(MariaDbTestSupport.config(maria, db), "nwt", state)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollAtLeast(1_000, TIMEOUT);
                Thread.sleep(STALL.toMillis()); // the sink holds the pipeline back: nothing is polled
                harness.pollAtLeast(ROWS, TIMEOUT);
                maria.execute(db, "INSERT INTO t VALUES (" + (ROWS + 1) + ", 'streamed')");
                assertEveryRowOnce(harness.pollAtLeast(ROWS + 1, TIMEOUT), 1, "the snapshot's reads, then the insert");
            }
        });
    }

    @Test
    void aSinkThatHoldsTheStreamBackLongerThanNetWriteTimeoutLosesNothing() throws Exception {
        withShortNetWriteTimeout("maria_net_write_stream", (maria, db) -> {
            maria.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v varchar(300))", "INSERT INTO t VALUES (0, 'x')");
            try (CdcReader reader = MariaDbTestSupport.reader(MariaDbTestSupport.config(maria, db), "nwts", state)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollAtLeast(1, TIMEOUT);
                maria.execute(db, "INSERT INTO t SELECT seq, repeat('x', 300) FROM seq_1_to_" + ROWS);
                harness.pollAtLeast(1_001, TIMEOUT);
                Thread.sleep(STALL.toMillis()); // the sink holds the pipeline back: nothing is polled
                assertEveryRowOnce(harness.pollAtLeast(ROWS + 1, TIMEOUT), 0, "the snapshot's read, then the inserts");
            }
        });
    }

    /** A test body on a database of its own, the server's net_write_timeout at 3 s meanwhile. */
    @FunctionalInterface
    private interface Body {
        void run(MariaDbServer maria, String db) throws Exception;
    }

    private static void withShortNetWriteTimeout(String name, Body body) throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase(name);
        String serverDefault = globalNetWriteTimeout(maria, db);
        try {
            maria.execute("mysql", "SET GLOBAL net_write_timeout = 3");
            body.run(maria, db);
        } finally {
            maria.execute("mysql", "SET GLOBAL net_write_timeout = " + serverDefault);
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }

    private static String globalNetWriteTimeout(MariaDbServer maria, String db) throws Exception {
        try (Connection c = maria.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@GLOBAL.net_write_timeout")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Rows 0/1 … {@value #ROWS} (+ 1) each delivered once: the snapshot's reads, then the streamed inserts. */
    private static void assertEveryRowOnce(List<ChangeEvent> events, int first, String order) {
        Map<Integer, Integer> deliveries = new TreeMap<>();
        List<Op> ops = new ArrayList<>();
        for (ChangeEvent e : events) {
            deliveries.merge((Integer) Envelope.after(e.value()).get("id"), 1, Integer::sum);
            if (!ops.contains(e.op())) ops.add(e.op());
        }
        assertThat(deliveries).as("every row once").hasSize(ROWS + 1)
                .allSatisfy((id, n) -> assertThat(n).as("deliveries of row %d", id).isEqualTo(1));
        assertThat(deliveries.keySet().iterator().next()).isEqualTo(first);
        assertThat(ops).as(order).containsExactly(Op.READ, Op.CREATE);
    }
}
