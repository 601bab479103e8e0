package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.KafkaTestCluster;
import io.cdctoolkit.testing.PostgresServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cdc-toolkit run} (its own JVM, {@code --log-format json}) from PostgreSQL to Kafka with an
 * {@code http} block, watched as an operator would: {@code /ready} turns 200 only once the
 * connector streams (PostgreSQL's own {@code pg_stat_replication} the oracle), {@code /metrics}
 * counts what a Kafka consumer reads back, shows the commit lag and the slot's retained WAL (which
 * grows by at least the WAL the test writes while the broker is down), {@code /ready} is 503 while
 * the broker is stopped and 200 again after; {@code status} prints the pipeline and its position, and
 * exits 3 once the run is gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsEndpointTest {

    private static final String DB = "ops_pg";
    private static final String PIPELINE = "pg_to_kafka";
    private static final String SOURCE = "pg_ops";
    private static final String SLOT = "cdc_toolkit_pg_ops";
    private static final int SNAPSHOT_ROWS = 20;
    private static final int OUTAGE_ROWS = 200;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private KafkaTestCluster kafka;
    private PostgresServer pg;

    @BeforeAll
    void start() throws Exception {
        kafka = KafkaTestCluster.start();
        pg = PostgresServer.shared();
        pg.createDatabase(DB);
        pg.execute(DB,
                "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, " + SNAPSHOT_ROWS + ") g");
    }

    @AfterAll
    void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    @Test
    void anOperatorSeesReadinessCountsLagAndRetainedWalOfARun(@TempDir Path dir) throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        Path config = dir.resolve("ops.yaml");
        Files.writeString(config, yaml(dir.resolve("state"), port));
        Path log = dir.resolve("run.log");
        CliProcess run = CliProcess.start(log, "run", "--config", config.toString(), "--log-format", "json");
        try {
            Await.until("/ready answers 200", () -> !run.isAlive() || code(base + "/ready") == 200, run::logTail);
            assertThat(run.isAlive()).as(run.logTail()).isTrue();
            assertThat(streamingWalSenders()).as("PostgreSQL streams to the slot when /ready first says 200").isEqualTo(1);

            pg.execute(DB, "INSERT INTO items VALUES (21, 'new')", "UPDATE items SET name = 'renamed' WHERE id = 1",
                    "DELETE FROM items WHERE id = 2");
            int changes = 3;
            List<ConsumerRecord<byte[], byte[]>> read = awaitRecords(SNAPSHOT_ROWS + changes);
            assertMetricsCount(base, read, SNAPSHOT_ROWS + changes);
            Await.until("commit lag back to 0 events", () -> metric(base, "cdc_commit_lag_events", PIPELINE) == 0,
                    () -> scrape(base));
            assertThat(metric(base, "cdc_commit_lag_seconds", PIPELINE)).isZero();
            assertThat(metric(base, "cdc_postgres_slot_active", SOURCE)).isEqualTo(1);
            Await.until("the slot's retained WAL measured",
                    () -> metric(base, "cdc_postgres_slot_retained_wal_bytes", SOURCE) > 0, () -> scrape(base));
            assertThat(metric(base, "cdc_source_connected", SOURCE)).isEqualTo(1);

            Path statusLog = dir.resolve("status.log");
            CliProcess status = CliProcess.start(statusLog, "status", "--url", base);
            assertThat(status.waitFor(60)).as(status.logTail()).isZero();
            String printed = Files.readString(statusLog);
            assertThat(printed).contains("LAST COMMITTED").containsPattern(PIPELINE + "\\s+RUNNING\\s+yes")
                    .contains("lsn=");

            kafka.stopBroker();
            try {
                long walBefore = currentWal();
                try (Connection c = pg.connect(DB); PreparedStatement st = c.prepareStatement(
                        "INSERT INTO items SELECT g, repeat(md5(g::text), 32) FROM generate_series(?, ?) g")) {
                    st.setInt(1, 1000);
                    st.setInt(2, 1000 + OUTAGE_ROWS - 1);
                    st.execute();
                }
                long written = currentWal() - walBefore;
                assertThat(written).as("WAL written while the broker is down").isGreaterThan(OUTAGE_ROWS * 1024L);
                Await.until("/ready answers 503 while the broker is down", () -> code(base + "/ready") == 503,
                        () -> body(base + "/ready"));
                assertThat(run.isAlive()).as(run.logTail()).isTrue();
                // Nothing after walBefore can be confirmed without the broker: the slot keeps at least that WAL.
                Await.until("the retained WAL covers what was written during the outage",
                        () -> metric(base, "cdc_postgres_slot_retained_wal_bytes", SOURCE) >= written,
                        () -> scrape(base));
                assertThat(metric(base, "cdc_commit_lag_events", PIPELINE)).isPositive();
            } finally {
                kafka.startBroker();
            }
            Await.until("/ready answers 200 again", () -> code(base + "/ready") == 200, () -> body(base + "/ready"));
            List<ConsumerRecord<byte[], byte[]>> all = awaitRecords(SNAPSHOT_ROWS + changes + OUTAGE_ROWS);
            assertMetricsCount(base, all, SNAPSHOT_ROWS + changes + OUTAGE_ROWS);
        } finally {
            assertThat(run.terminate(60)).as(run.logTail()).isZero();
        }

        CliProcess gone = CliProcess.start(dir.resolve("gone.log"), "status", "--url", base);
        assertThat(gone.waitFor(60)).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("gone.log"))).contains("cannot reach");
        assertJsonLogs(Files.readAllLines(log));
    }

    /** The counters equal what a consumer reads back, per topic, and the events the test made. */
    private void assertMetricsCount(String base, List<ConsumerRecord<byte[], byte[]>> read, int events) {
        Map<String, Long> perTopic = read.stream().collect(Collectors.groupingBy(ConsumerRecord::topic, TreeMap::new,
                Collectors.counting()));
        Await.until("records out counted as the consumer read them",
                () -> metricsPerTopic(scrape(base)).equals(perTopic), () -> scrape(base));
        assertThat(metric(base, "cdc_events_in_total", PIPELINE)).isEqualTo(events);
    }

    private List<ConsumerRecord<byte[], byte[]>> awaitRecords(int count) throws Exception {
        List<List<ConsumerRecord<byte[], byte[]>>> last = new java.util.ArrayList<>(List.of(List.of()));
        Await.until(count + " records in Kafka", () -> {
            try {
                last.set(0, KafkaRecords.readAll(kafka.bootstrapServers(), t -> t.startsWith("ops.")));
            } catch (Exception e) {
                return false; // the topics are not there yet
            }
            return last.get(0).size() >= count;
        }, () -> last.get(0).size());
        assertThat(last.get(0)).hasSize(count);
        return last.get(0);
    }

    private static void assertJsonLogs(List<String> lines) throws Exception {
        ObjectMapper json = new ObjectMapper();
        int pipelineLines = 0;
        for (String line : lines) {
            assertThat(line).as("no text-format log line").doesNotMatch("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*");
            if (!line.startsWith("{")) continue;
            JsonNode entry = json.readTree(line);
            assertThat(entry.has("level") && entry.has("loggerName") && entry.has("formattedMessage"))
                    .as(line).isTrue();
            if (PIPELINE.equals(entry.path("mdc").path("pipeline").asText())) pipelineLines++;
        }
        assertThat(pipelineLines).as("log lines of the pipeline's thread naming it").isPositive();
    }

    private int streamingWalSenders() throws Exception {
        try (Connection c = pg.connect(DB); PreparedStatement st = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid"
                        + " WHERE s.slot_name = ? AND r.state = 'streaming'")) {
            st.setString(1, SLOT);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private long currentWal() throws Exception {
        try (Connection c = pg.connect(DB); ResultSet rs = c.createStatement()
                .executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // --- Prometheus text, read the way Prometheus reads it: name{labels} value

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

    /** The sum of a meter's samples whose labels mention {@code label} (a pipeline or source name). */
    private static double metric(String base, String name, String label) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape(base).split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) continue;
            if (m.group(2) == null || !m.group(2).contains("\"" + label + "\"")) continue;
            sum += Double.parseDouble(m.group(3));
            found = true;
        }
        return found ? sum : Double.NaN;
    }

    private static Map<String, Long> metricsPerTopic(String text) {
        Map<String, Long> perTopic = new TreeMap<>();
        Pattern topic = Pattern.compile("topic=\"([^\"]+)\"");
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals("cdc_records_out_total")) continue;
            Matcher t = topic.matcher(m.group(2));
            if (t.find()) perTopic.put(t.group(1), (long) Double.parseDouble(m.group(3)));
        }
        return perTopic;
    }

    private static String scrape(String base) {
        return body(base + "/metrics");
    }

    private static String body(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "(" + e + ")";
        }
    }

    private static int code(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private String yaml(Path stateDir, int port) {
        return """
                version: "1.0"
                state_dir: %s
                sources:
                  %s:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: %s
                      ssl_mode: disable
                      poll_interval_ms: 50
                      heartbeat_interval_ms: 0
                      slot_monitor_interval_ms: 300
                      topic_routing: "ops.{schema}.{table}"
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: %s
                      linger_ms: 1
                      topic_creation: { enabled: true, partitions: 2 }
                pipelines:
                  %s:
                    source: %s
                    sink: kafka
                http:
                  port: %d
                  ready_max_commit_lag_ms: 2000
                """.formatted(stateDir, SOURCE, pg.host(), pg.port(), DB, PostgresServer.SUPERUSER,
                kafka.bootstrapServers(), PIPELINE, SOURCE, port);
    }
}
