package io.cdctoolkit.engine.source.postgres;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database whose sessions are ended after a second idle ({@code ALTER DATABASE … SET idle_session_timeout}, PostgreSQL
 * 14+), and a schema change after a quiet while. Before: the native engine's connection for catalog reads had been
 * ended meanwhile, and reading the changed table's columns stopped the source (FatalException); the Debezium engine's
 * connector failed reading the columns and restarted, at every schema change after an idle second. Now both deliver
 * the change, with its new column, and Debezium logs no failure.
 */
class PostgresIdleSessionTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @ParameterizedTest
    @ValueSource(strings = {"native", "debezium"})
    void aSchemaChangeAfterAnIdleWhileArrives(String engine) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_idle_session_" + engine);
        try (Connection c = pg.connect(db)) {
            Assumptions.assumeTrue(c.getMetaData().getDatabaseMajorVersion() >= 14, "idle_session_timeout: PostgreSQL 14+");
        }
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'snapshot')",
                "ALTER DATABASE " + db + " SET idle_session_timeout = '1s'");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", engine);
        config.put("slot_name", db);
        config.put("heartbeat_interval_ms", 0); // nothing keeps the connections busy
        List<String> debeziumErrors = new CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> errors = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel() == Level.ERROR) debeziumErrors.add(event.getLoggerName() + ": " + event.getFormattedMessage());
            }
        };
        errors.start();
        Logger debezium = (Logger) LoggerFactory.getLogger("io.debezium");
        debezium.addAppender(errors);
        try (CdcReader reader = PgTestSupport.reader(config, db, state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertThat(harness.pollAtLeast(1, TIMEOUT)).extracting(ChangeEvent::op).containsExactly(Op.READ);
            harness.clear();
            Thread.sleep(3_000); // past idle_session_timeout on every connection of the source

            pg.execute(db, "ALTER TABLE t ADD COLUMN w int", "INSERT INTO t VALUES (2, 'after a quiet while', 7)");
            List<ChangeEvent> changed = harness.pollAtLeast(1, TIMEOUT);
            assertThat(changed).extracting(ChangeEvent::op).containsExactly(Op.CREATE);
            Row after = Envelope.after(changed.get(0).value());
            assertThat(after.get("id")).isEqualTo(2);
            assertThat(after.get("w")).isEqualTo(7);
        } finally {
            debezium.detachAppender(errors);
        }
        assertThat(debeziumErrors).as("Debezium's failures").isEmpty();
    }
}
