package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineCounts;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.MariaDbServer;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Deduplication (its default, {@code key: position}) never takes two rows for one where the position alone does not
 * tell them apart, through the real readers into the file sink: a table without a primary key, with rows that are
 * equal twice over, and a table whose records {@code value_to_key} keys by a column that is not unique. Both are read
 * by the snapshot (Debezium's rows all carry the snapshot's point) and then written in bulk while the pipeline
 * streams: PostgreSQL's {@code COPY}, whose multi-insert WAL records hold several rows at one LSN; MariaDB's
 * multi-row {@code INSERT}, one binlog event for many rows. Small batches, so that acknowledgements reach the stage
 * between rows. Before the fix every row after the first acknowledged ones of the table without a key was dropped
 * (50,000 rows in, 10 out), and the rows sharing a non-unique key likewise. The oracle is the database: what the sink
 * holds equals the tables' rows, counted with their repeats.
 */
class DeduplicationSharedPositionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SNAPSHOT_LINES = 1_500; // and its first 500 rows again
    private static final int SNAPSHOT_ORDERS = 1_500;
    private static final int STREAMED = 1_000;
    /** A table without a primary key, and one whose records value_to_key keys by customer (not unique). */
    private static final String[] TABLES = {
            "CREATE TABLE log_lines (a int, b text)", "CREATE TABLE orders (id int PRIMARY KEY, customer int, v text)"};

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "engine: {0}")
    @ValueSource(strings = {"native", "debezium"})
    void postgresRowsSharingASnapshotPointOrACopyRecordAllArrive(String engine) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("dedup_shared_" + engine);
        pg.execute(db, TABLES);
        pg.execute(db, snapshotRows());
        String source = """
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: postgres
                      ssl_mode: disable
                      slot_name: dedup_shared_%s
                      poll_interval_ms: 50
                      engine: %s
                """.formatted(pg.host(), pg.port(), db, engine, engine);
        captureAndCompare(source, () -> pg.connect(db), c -> {
            copy(c, "log_lines (a, b)", 1, STREAMED / 2, true);
            copy(c, "orders (id, customer, v)", SNAPSHOT_ORDERS + 1, STREAMED, false);
        });
    }

    @Test
    void mariaDbRowsSharingASnapshotPointAllArrive() throws Exception {
        Optional<MariaDbServer> found = MariaDbServer.fromEnvironment();
        assumeTrue(found.isPresent(), MariaDbServer.UNAVAILABLE);
        MariaDbServer maria = found.get();
        String db = maria.createDatabase("dedup_shared");
        maria.execute(db, TABLES);
        maria.execute(db, snapshotRows());
        String source = """
                    connector: mariadb-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: %s
                      password: "%s"
                      server_id: 5741
                      poll_interval_ms: 50
                """.formatted(maria.host(), maria.port(), db, maria.user(), maria.password());
        captureAndCompare(source, () -> maria.connect(db), c -> {
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO log_lines (a, b) " + values(1, STREAMED / 2, true) + ", "
                        + values(1, STREAMED / 2, true).substring("VALUES ".length())); // each row twice
                st.execute("INSERT INTO orders (id, customer, v) " + values(SNAPSHOT_ORDERS + 1, STREAMED, false));
            }
        });
    }

    /** Lines 1..1,500 and 1..500 again (equal rows); orders 1..1,500 of ten customers. */
    private static String[] snapshotRows() {
        return new String[]{
                "INSERT INTO log_lines (a, b) " + values(1, SNAPSHOT_LINES, true),
                "INSERT INTO log_lines (a, b) " + values(1, SNAPSHOT_LINES / 3, true),
                "INSERT INTO orders (id, customer, v) " + values(1, SNAPSHOT_ORDERS, false)};
    }

    /** A VALUES list of {@code count} rows from {@code first}: lines (a, b), or orders (id, customer, v). */
    private static String values(int first, int count, boolean lines) {
        StringBuilder sql = new StringBuilder("VALUES ");
        for (int i = first; i < first + count; i++) {
            if (i > first) sql.append(", ");
            sql.append(lines ? "(%d, 'line %d')".formatted(i, i) : "(%d, %d, 'order %d')".formatted(i, i % 10, i));
        }
        return sql.toString();
    }

    /**
     * COPY of {@code count} rows from {@code first}, each twice when {@code twice}: one statement, multi-insert WAL
     * records.
     */
    private static void copy(Connection c, String table, int first, int count, boolean twice) throws Exception {
        StringBuilder data = new StringBuilder();
        for (int round = 0; round < (twice ? 2 : 1); round++) {
            for (int i = first; i < first + count; i++) {
                data.append(table.startsWith("log_lines") ? i + "\tline " + i : i + "\t" + i % 10 + "\torder " + i)
                        .append('\n');
            }
        }
        c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " FROM STDIN", new StringReader(data.toString()));
    }

    private interface Connect {
        Connection open() throws SQLException;
    }

    private interface Changes {
        void make(Connection c) throws Exception;
    }

    /**
     * Runs the source with deduplication on (orders keyed by customer), waits for the snapshot, makes the changes,
     * waits until every row was read, and compares the sink's rows with the tables' own.
     */
    private void captureAndCompare(String source, Connect connect, Changes changes) throws Exception {
        Path out = tmp.resolve("out.jsonl");
        String yaml = """
                version: "1.0"
                state_dir: %s
                sources:
                  db:
                %s      cdc_features:
                        deduplication: { enabled: true }
                      transforms:
                        - type: value_to_key
                          predicate: { tables: ["orders"] }
                          config: { fields: [customer] }
                sinks:
                  out:
                    connector: file
                    config: { path: %s }
                pipelines:
                  main:
                    source: db
                    sink: out
                    settings: { batch_size: 20 }
                """.formatted(tmp.resolve("state"), source, out);
        Pipeline pipeline = ConfiguredPipeline.assemble(yaml).build();
        long snapshot = SNAPSHOT_LINES + SNAPSHOT_LINES / 3 + SNAPSHOT_ORDERS;
        long all = snapshot + 2L * (STREAMED / 2) + STREAMED;
        PipelineResult result;
        try (ConfiguredPipeline running = ConfiguredPipeline.start(pipeline)) {
            Await.until("the snapshot read", () -> running.isDone() || settled(pipeline.counts(), snapshot),
                    pipeline::counts);
            try (Connection c = connect.open()) {
                changes.make(c);
            }
            Await.until("every row read", () -> running.isDone() || settled(pipeline.counts(), all),
                    pipeline::counts);
            result = running.stop();
        }
        assertThat(result.failure()).isNull();
        assertThat(result.counts().dropped()).as("dropped by deduplication: " + result.counts()).isZero();

        Map<String, Long> sinkLines = new TreeMap<>();
        Map<String, Long> sinkOrders = new TreeMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode record = JSON.readTree(line);
            JsonNode after = record.get("value").get("after");
            if (record.get("topic").asText().endsWith(".log_lines")) {
                assertThat(record.get("key").isNull()).as("a table without a key: " + line).isTrue();
                count(sinkLines, after.get("a").asInt() + "|" + after.get("b").asText());
            } else {
                assertThat(record.get("key").get("customer").asInt()).as(line).isEqualTo(after.get("customer").asInt());
                count(sinkOrders,
                        after.get("id").asInt() + "|" + after.get("customer").asInt() + "|" + after.get("v").asText());
            }
        }
        try (Connection c = connect.open()) {
            assertThat(sinkLines).as("lines, with their repeats").isEqualTo(rows(c, "SELECT a, b FROM log_lines", 2));
            assertThat(sinkOrders).as("orders").isEqualTo(rows(c, "SELECT id, customer, v FROM orders", 3));
        }
    }

    /** Every event read so far went through the pipeline and was acknowledged, and there are {@code events} of them. */
    private static boolean settled(PipelineCounts counts, long events) {
        return counts.eventsIn() >= events && counts.inFlightRecords() == 0
                && counts.recordsOut() + counts.dropped() + counts.skipped() >= counts.eventsIn();
    }

    private static Map<String, Long> rows(Connection c, String query, int columns) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) row.append(i > 1 ? "|" : "").append(rs.getString(i));
                count(rows, row.toString());
            }
        }
        return rows;
    }

    private static void count(Map<String, Long> counts, String row) {
        counts.merge(row, 1L, Long::sum);
    }
}
