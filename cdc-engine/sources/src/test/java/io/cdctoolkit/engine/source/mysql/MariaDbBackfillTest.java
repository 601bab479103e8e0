package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.BlockingBackfillContract;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.TableBackfills;
import io.cdctoolkit.testing.MariaDbServer;

import java.sql.Connection;
import java.util.Map;

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
}
