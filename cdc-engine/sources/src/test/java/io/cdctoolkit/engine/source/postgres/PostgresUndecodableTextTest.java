package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code SQL_ASCII} database holding bytes that are not UTF-8 (here Latin-1's {@code é}): PostgreSQL refuses to
 * convert them for a UTF-8 client, so neither engine can read the table. The native engine fails at once with
 * PostgreSQL's error; Debezium's engine treated it as retriable and restarted the connector every 10 s, forever
 * (its {@code errors.max.retries} defaults to unlimited), so the source neither progressed nor failed. It now gives
 * up after the toolkit's bound and the source fails naming the cause.
 */
class PostgresUndecodableTextTest {

    private static final String DB = "pg_sql_ascii";

    @TempDir
    Path state;

    @AfterEach
    void drop() throws Exception {
        PgTestSupport.dropSlots(PostgresServer.shared(), DB);
    }

    @Test
    void bothEnginesFailNamingPostgresqlsErrorInsteadOfRetryingForever() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        pg.execute("postgres", "DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)",
                "CREATE DATABASE " + DB + " ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'");
        pg.execute(DB, "CREATE TABLE t (id int PRIMARY KEY, s text)", "INSERT INTO t VALUES (1, E'caf\\351')");
        for (String engine : new String[] {"native", "debezium"}) {
            Map<String, Object> config = PgTestSupport.config(pg, DB);
            config.put("engine", engine);
            config.put("slot_name", "undecodable_" + engine);
            // Short waits for the test; the bound itself (errors.max.retries) is the toolkit's default.
            if (engine.equals("debezium")) {
                config.put("debezium", Map.of("retriable.restart.connector.wait.ms", 100, "errors.retry.delay.initial.ms", 50,
                        "errors.retry.delay.max.ms", 200));
            }
            long start = System.nanoTime();
            try (CdcReader reader = PgTestSupport.reader(config, "undecodable_" + engine, state.resolve(engine))) {
                assertThatThrownBy(() -> {
                    reader.start();
                    new ReaderHarness(reader).pollAtLeast(1, Duration.ofSeconds(60));
                }).as(engine).hasStackTraceContaining("invalid byte sequence for encoding \"UTF8\"");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(engine).isLessThan(Duration.ofSeconds(60));
        }
    }
}
