package io.cdctoolkit.benchmarks.e2e;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Debezium's embedded engine (Connect format) with the PostgreSQL connector, configured for the
 * baselines: what the workload needs (server, slot, publication, table, snapshot mode, offsets file),
 * everything else at Debezium's defaults (poll.interval.ms 500, max.batch.size 2048, max.queue.size
 * 8192, offset.flush.interval.ms 60000, decimal.handling.mode precise, publication.autocreate.mode
 * all_tables — the harness's publication exists already).
 */
final class DebeziumEngineRun implements AutoCloseable {

    /** Debezium names the table's topic {@code <topic.prefix>.<schema>.<table>}. */
    static final String TOPIC = "bench." + OrdersTable.SCHEMA + "." + OrdersTable.NAME;

    private final DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private final CountDownLatch started = new CountDownLatch(1);
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "debezium-engine"));
    private volatile Throwable failure;

    DebeziumEngineRun(ChildSpec spec, DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> consumer) {
        engine = DebeziumEngine.create(Connect.class)
                .using(properties(spec))
                .notifying(consumer)
                .using((success, message, error) -> {
                    if (!success) failure = error != null ? error : new IllegalStateException(message);
                    started.countDown();
                })
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        started.countDown();
                    }
                })
                .build();
    }

    static Properties properties(ChildSpec spec) {
        PostgresTarget pg = spec.postgres();
        Properties p = new Properties();
        p.setProperty("name", "bench");
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("topic.prefix", "bench");
        p.setProperty("database.hostname", pg.host());
        p.setProperty("database.port", Integer.toString(pg.port()));
        p.setProperty("database.dbname", pg.database());
        p.setProperty("database.user", pg.user());
        if (!pg.password().isEmpty()) p.setProperty("database.password", pg.password());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", spec.slot());
        p.setProperty("publication.name", OrdersTable.PUBLICATION);
        p.setProperty("table.include.list", OrdersTable.SCHEMA + "." + OrdersTable.NAME);
        p.setProperty("snapshot.mode", spec.workload().snapshot() ? "initial" : "no_data");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        p.setProperty("offset.storage.file.filename", spec.workDir().resolve("offsets.dat").toString());
        return p;
    }

    void start() throws Exception {
        thread.execute(engine);
        if (!started.await(120, TimeUnit.SECONDS)) throw new IllegalStateException("Debezium did not start within 120 s");
        if (failure != null) throw new IllegalStateException("Debezium failed: " + failure.getMessage(), failure);
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void close() throws Exception {
        engine.close();
        thread.shutdown();
        thread.awaitTermination(30, TimeUnit.SECONDS);
    }
}
