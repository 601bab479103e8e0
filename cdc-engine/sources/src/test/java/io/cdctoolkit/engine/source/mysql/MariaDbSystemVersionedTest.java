package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A MariaDB system-versioned table ({@code WITH SYSTEM VERSIONING}): its binlog rows carry the row_start/row_end
 * columns its DDL does not show, and Debezium stops at the first change to it after snapshotting it. {@code check}
 * names a captured one, {@code discover} lists it (the reader captures it), the stop says why (not Debezium's "restart
 * connector with schema recovery mode"), and with the table excluded the source streams the others.
 */
class MariaDbSystemVersionedTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void aCapturedSystemVersionedTableIsNamedByCheckAndItsFirstChangeStopsTheReaderSayingWhy() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_versioned");
        try {
            maria.execute(db, "CREATE TABLE ok (id int PRIMARY KEY, v varchar(10))",
                    "CREATE TABLE hist (id int PRIMARY KEY, a int) WITH SYSTEM VERSIONING",
                    "INSERT INTO ok VALUES (1, 'a')", "INSERT INTO hist VALUES (1, 10)");
            Map<String, Object> config = MariaDbTestSupport.config(maria, db);
            MariaDbSourceFactory factory = new MariaDbSourceFactory();

            assertThat(factory.discover(MariaDbTestSupport.options(config), ComponentContext.of("versioned", state)))
                    .extracting(t -> t.id().table()).containsExactly("hist", "ok"); // what the reader captures
            PrerequisiteCheck versioned = item(factory.check(MariaDbTestSupport.options(config),
                    ComponentContext.of("versioned", state)), "system_versioned");
            assertThat(versioned.outcome()).isEqualTo(PrerequisiteCheck.Outcome.FAIL);
            assertThat(versioned.message()).contains(db + ".hist").doesNotContain(db + ".ok");
            try (CdcReader reader = MariaDbTestSupport.reader(config, "versioned", state.resolve("first"))) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollAtLeast(2, TIMEOUT); // the snapshot reads it
                maria.execute(db, "UPDATE hist SET a = 11 WHERE id = 1");
                assertThatThrownBy(() -> harness.pollAtLeast(3, TIMEOUT)).isInstanceOf(FatalException.class)
                        .hasMessageContaining("internal schema size 2, but row size 4")
                        .hasMessageContaining("system-versioned table");
                assertThat(harness.received()).extracting(ChangeEvent::op).doesNotContain(Op.UPDATE);
            }

            config.put("exclude_tables", List.of("hist"));
            assertThat(item(factory.check(MariaDbTestSupport.options(config), ComponentContext.of("versioned", state)),
                    "system_versioned").outcome()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
            try (CdcReader reader = MariaDbTestSupport.reader(config, "versioned", state.resolve("second"))) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollAtLeast(1, TIMEOUT);
                maria.execute(db, "UPDATE hist SET a = 12 WHERE id = 1", "INSERT INTO ok VALUES (2, 'b')");
                List<ChangeEvent> events = harness.pollAtLeast(2, TIMEOUT);
                assertThat(events).extracting(e -> e.table().table()).containsExactly("ok", "ok");
            }
        } finally {
            maria.execute("mysql", "DROP DATABASE " + db);
        }
    }

    private static PrerequisiteCheck item(PrerequisiteReport report, String name) {
        return report.item(name).orElseThrow(() -> new AssertionError("no check item " + name + " in " + report));
    }
}
