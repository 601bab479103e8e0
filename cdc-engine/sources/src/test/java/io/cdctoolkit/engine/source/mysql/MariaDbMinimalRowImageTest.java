package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code binlog_row_image} is checked server-wide (by {@code check}, and by Debezium at start), but a
 * session may still set {@code MINIMAL}: its rows lack columns. Debezium then stops the source
 * rather than fill them in, so no event with made-up values is delivered (docs/sources/mysql-mariadb.md).
 */
class MariaDbMinimalRowImageTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void aSessionWithMinimalRowImagesStopsTheSourceInsteadOfFabricatingValues() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_minimal");
        maria.execute(db, "CREATE TABLE t (id int PRIMARY KEY, name varchar(50) NOT NULL, qty int NOT NULL, note varchar(20))",
                "INSERT INTO t VALUES (1, 'ada', 5, 'n1'), (2, 'bob', 6, NULL)");
        try (CdcReader reader = MariaDbTestSupport.reader(MariaDbTestSupport.config(maria, db), "minimal", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(2, TIMEOUT);
            harness.clear();
            maria.execute(db, "SET SESSION binlog_row_image = 'MINIMAL'", "DELETE FROM t WHERE id = 1");

            assertThatThrownBy(() -> harness.pollAtLeast(1, TIMEOUT))
                    .hasMessageContaining("internal schema size 4, but row size 1")
                    .hasMessageContaining("binlog_row_image MINIMAL or NOBLOB");
            assertThat(harness.received()).extracting(ChangeEvent::op).isEmpty();
        }
    }
}
