package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.source.debezium.BlockingBackfillContract;
import io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.TableBackfills;
import io.cdctoolkit.testing.KafkaTestCluster;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.id;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.lastRowCame;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code cdc-toolkit backfill} on mariadb-cdc ({@link BinlogBackfill}): the Debezium-engine sources' contract. */
class MariaDbBackfillTest extends BlockingBackfillContract {

    private final MariaDbServer maria = MariaDbTestSupport.server();

    @Override
    protected String createDatabase(String name) throws Exception {
        String db = maria.createDatabase("maria_" + name);
        maria.execute(db, tables("INSERT INTO t (id, v) SELECT seq, CONCAT('v', seq) FROM seq_1_to_" + ROWS));
        return db;
    }

    @Override
    protected void execute(String db, String... sql) throws Exception {
        maria.execute(db, sql);
    }

    @Override
    protected Connection connect(String db) throws Exception {
        return maria.connect(db);
    }

    @Override
    protected Map<String, Object> config(String db) {
        Map<String, Object> config = MariaDbTestSupport.config(maria, db);
        config.put("offset_flush_interval_ms", 0);
        return config;
    }

    @Override
    protected Options options(Map<String, Object> config) throws Exception {
        return MariaDbTestSupport.options(config);
    }

    @Override
    protected CdcReader reader(Map<String, Object> config, String name) throws Exception {
        return MariaDbTestSupport.reader(config, name, state);
    }

    @Override
    protected TableBackfills factory() {
        return new MariaDbSourceFactory();
    }

    @Override
    protected String upsert(int id, String v) {
        return "INSERT INTO t (id, v) VALUES (" + id + ", '" + v + "') ON DUPLICATE KEY UPDATE v = '" + v + "'";
    }

    @Override
    protected String qualified(String db, String table) {
        return db + "." + table;
    }

    @Override
    protected String connector() {
        return "mariadb-cdc";
    }

    @Override
    protected boolean streamsTablesCreatedWhileStopped() {
        return true;
    }

    @Override
    protected String unknownColumn(String column) {
        return "Unknown column '" + column + "'";
    }

    /**
     * With the offsets in Kafka ({@code offset_storage: kafka}) the captured tables' filter is recorded beside them, in
     * the offsets topic, not in the state folder ({@link BinlogNewlyCaptured}): a start on a fresh state folder — a
     * container's — still reads the rows of a table captured since the snapshot, once.
     */
    @Test
    void withTheOffsetsInKafkaATableCapturedAfterTheSnapshotIsReadFromAFreshStateFolder() throws Exception {
        String db = createDatabase("backfill_new_kafka");
        try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
            Map<String, Object> config = config(db);
            config.putAll(Map.of("offset_storage", "kafka", "kafka_bootstrap_servers", kafka.bootstrapServers(),
                    "offset_topic", "maria-new-offsets", "schema_history_topic", "maria-new-history"));
            config.put("exclude_tables", List.of("other"));
            Path first = state.resolve("first");
            try (CdcReader reader = MariaDbTestSupport.reader(config, "newkafka", first)) {
                reader.start();
                assertThat(new ReaderHarness(reader).pollAtLeast(ROWS, TIMEOUT)).hasSize(ROWS);
            }
            assertThat(first.resolve(BinlogNewlyCaptured.FILE)).doesNotExist();
            config.remove("exclude_tables");
            Path second = state.resolve("second");
            try (CdcReader reader = MariaDbTestSupport.reader(config, "newkafka", second)) {
                reader.start();
                List<ChangeEvent> events = new ReaderHarness(reader).pollUntil(e -> lastRowCame(e)
                        && requestsLeft(second).isEmpty(), TIMEOUT, true);
                assertThat(events).extracting(e -> e.op() + " " + e.table().table() + " " + id(e))
                        .containsExactlyInAnyOrder("READ other 1", "READ other 2");
            }
        }
    }

    private static List<java.nio.file.Path> requestsLeft(Path state) {
        try {
            return BlockingBackfillEvents.requestsLeft(state);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
