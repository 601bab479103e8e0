package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MariaDbRestartTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    @Test
    void restartResumesAfterTheLastCommitAndSchemaChangesGiveNewVersions() throws Exception {
        MariaDbServer maria = MariaDbTestSupport.server();
        String db = maria.createDatabase("maria_restart");
        maria.execute(db, "CREATE TABLE t (id int PRIMARY KEY, a varchar(10))", "INSERT INTO t VALUES (1, 'one')");
        Map<String, Object> config = MariaDbTestSupport.config(maria, db);

        try (CdcReader reader = MariaDbTestSupport.reader(config, "restart", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(1, TIMEOUT);
            maria.execute(db, "INSERT INTO t VALUES (2, 'two')");
            harness.pollAtLeast(2, TIMEOUT);
            maria.execute(db, "ALTER TABLE t ADD COLUMN b int", "INSERT INTO t VALUES (3, 'three', 33)");
            List<ChangeEvent> events = harness.pollAtLeast(3, TIMEOUT);
            assertThat(after(events.get(1)).schema().indexOf("b")).isEqualTo(-1);
            assertThat(after(events.get(2)).get("b")).isEqualTo(33);
            assertThat(after(events.get(2)).schema()).isNotSameAs(after(events.get(1)).schema());
        }

        // While stopped: more rows and another schema change, which the schema history must follow.
        maria.execute(db, "INSERT INTO t VALUES (4, 'four', 44)", "ALTER TABLE t DROP COLUMN a",
                "INSERT INTO t VALUES (5, 55)", "UPDATE t SET b = 56 WHERE id = 5");

        try (CdcReader reader = MariaDbTestSupport.reader(config, "restart", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> events = harness.pollAtLeast(3, TIMEOUT);
            assertThat(reader.poll(Duration.ofSeconds(1))).isEmpty();
            assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.CREATE, Op.CREATE, Op.UPDATE);
            assertThat(after(events.get(0)).get("a")).isEqualTo("four");
            assertThat(after(events.get(1)).schema().indexOf("a")).isEqualTo(-1);
            assertThat(Envelope.before(events.get(2).value()).get("b")).isEqualTo(55);
            assertThat(after(events.get(2)).get("b")).isEqualTo(56);
        }
    }

    private static Row after(ChangeEvent e) {
        return Envelope.after(e.value());
    }
}
