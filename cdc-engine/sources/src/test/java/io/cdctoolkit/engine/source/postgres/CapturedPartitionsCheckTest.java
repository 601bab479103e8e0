package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Debezium engine's check before offsets go to Debezium ({@link CapturedPartitionsCheck}), against the catalog:
 * it passes while every partition of the captured partitioned table is captured, stops at one that is not, and
 * stops — after retrying — when it cannot ask, rather than let offsets move unchecked. (Its part in a running reader:
 * {@code PostgresPartitionedTableTest}.)
 */
class CapturedPartitionsCheckTest {

    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void passesWhileEveryPartitionIsCapturedAndStopsAtOneThatIsNot() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = partitioned("pg_partitions_check");
        Map<String, Object> config = config(pg, db);
        try (CapturedPartitionsCheck check = check(config, PostgresInspector.jdbc(PgTestSupport.options(config)))) {
            assertThatCode(check::beforeHandover).doesNotThrowAnyException();
            pg.execute(db, "CREATE TABLE readings_2026 (id int, year int, note text, PRIMARY KEY (id, year))",
                    "ALTER TABLE readings ATTACH PARTITION readings_2026 FOR VALUES IN (2026)");
            assertThatThrownBy(check::beforeHandover).isInstanceOf(FatalException.class)
                    .hasMessageContaining(db + ".public.readings_2026 is a partition of the captured partitioned table "
                            + db + ".public.readings");
        }
    }

    @Test
    void aCatalogThatCannotBeReadStopsTheReaderAfterRetrying() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = partitioned("pg_partitions_check_gone");
        Map<String, Object> config = config(pg, db);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Jdbc nowhere = new Jdbc("PostgreSQL at localhost:" + closedPort, "jdbc:postgresql://localhost:" + closedPort + "/"
                + db, new Properties());
        try (CapturedPartitionsCheck check = check(config, nowhere)) {
            assertThatThrownBy(check::beforeHandover).isInstanceOf(FatalException.class)
                    .hasMessageContaining("cannot read the partitions of [" + db + ".public.readings]")
                    .hasMessageContaining("resumes at the last committed offset");
        }
    }

    private String partitioned(String name) throws Exception {
        String db = databases.create(name);
        PostgresServer.shared().execute(db,
                "CREATE TABLE readings (id int, year int, note text, PRIMARY KEY (id, year)) PARTITION BY LIST (year)",
                "CREATE TABLE readings_2024 PARTITION OF readings FOR VALUES IN (2024)",
                "CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES IN (2025)");
        return db;
    }

    private static Map<String, Object> config(PostgresServer pg, String db) {
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("include_tables", List.of("public.readings", "public.readings_2024", "public.readings_2025"));
        return config;
    }

    private static CapturedPartitionsCheck check(Map<String, Object> config, Jdbc jdbc) throws Exception {
        return new CapturedPartitionsCheck(new PostgresInspector(new PostgresSourceFactory(), PgTestSupport.options(config),
                "partitions"), jdbc, "postgres-cdc source 'partitions'");
    }
}
