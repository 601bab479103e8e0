package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.testing.MariaDbServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The mariadb-cdc source's binlog meters, against the server's own {@code SHOW MASTER STATUS}. */
class MariaDbBinlogMetricsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path state;

    @Test
    void theBinlogFileAndPositionReadAreMetersOfTheSource() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_binlog_metrics");
        maria.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
        MeterRegistry registry = new SimpleMeterRegistry();
        ComponentContext context = new ComponentContext("binlog", "sources.binlog", null, state, registry);
        try (CdcReader reader = new MariaDbSourceFactory().create(
                MariaDbTestSupport.options(MariaDbTestSupport.config(maria, db)), context)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            maria.execute(db, "INSERT INTO t VALUES (2)");
            harness.clear();
            harness.pollAtLeast(1, TIMEOUT);

            String file;
            long position;
            try (Connection c = maria.connect(db); ResultSet rs = c.createStatement().executeQuery("SHOW MASTER STATUS")) {
                assertThat(rs.next()).isTrue();
                file = rs.getString("File");
                position = rs.getLong("Position");
            }
            long sequence = Long.parseLong(file.substring(file.lastIndexOf('.') + 1));
            assertThat(gauge(registry, "cdc.binlog.file.sequence")).isEqualTo(sequence);
            assertThat(gauge(registry, "cdc.binlog.position")).isPositive().isLessThanOrEqualTo(position);
            assertThat(gauge(registry, "cdc.source.connected")).isEqualTo(1);
        }
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get(name).tag("source", "binlog").gauge().value();
    }
}
