package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A source that ran with {@code engine: debezium} restarts with {@code engine: native} on the same state
 * directory: when the Debezium engine's snapshot had finished, the native engine streams the same slot on
 * (no second snapshot, nothing lost, repeats only from the Debezium engine's unconfirmed window); when it had
 * not, the snapshot is taken again, as the Debezium engine itself would.
 */
class NativeEngineSwitchTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void aSourceSwitchedFromTheDebeziumEngineStreamsItsSlotOnWithoutASecondSnapshot() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_switch");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1), (2), (3)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("slot_name", "switch_slot");
        config.put("engine", "debezium");
        try (CdcReader debezium = PgTestSupport.reader(config, "switch", state)) {
            debezium.start();
            ReaderHarness harness = new ReaderHarness(debezium);
            assertThat(harness.pollAtLeast(3, TIMEOUT)).extracting(ChangeEvent::op).containsOnly(Op.READ);
            pg.execute(db, "INSERT INTO t VALUES (4)", "INSERT INTO t VALUES (5)");
            harness.pollAtLeast(5, TIMEOUT); // committed, batch by batch
        }
        pg.execute(db, "INSERT INTO t VALUES (6)", "UPDATE t SET id = 7 WHERE id = 6"); // while no reader runs

        config.put("engine", "native");
        // Until a native start saves offsets of its own, the next start takes the Debezium engine's over: a backfill
        // asked for now (cdc-toolkit backfill) would have no offsets to go in, and is refused, saying so.
        assertThatThrownBy(() -> new PostgresSourceFactory().requestBackfill(PgTestSupport.options(config),
                ComponentContext.of("switch", state), List.of("t"), null, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("last ran with engine: debezium, whose offsets the next start takes over");
        try (CdcReader nativeReader = PgTestSupport.reader(config, "switch", state)) {
            nativeReader.start();
            List<ChangeEvent> events = new ReaderHarness(nativeReader).pollUntil(
                    received -> received.stream().anyMatch(e -> e.op() == Op.CREATE && Integer.valueOf(7).equals(e.key().get("id"))),
                    TIMEOUT, true);
            assertThat(events).extracting(ChangeEvent::op).as("no second snapshot").doesNotContain(Op.READ);
            List<String> changes = events.stream().map(e -> e.op().code() + e.key().get("id")).toList();
            // 6 and its key change were written after the Debezium engine's last change: only its slot has them.
            assertThat(changes).endsWith("c6", "d6", "c7");
            assertThat(changes.subList(0, changes.size() - 3)).as("repeats only of what the Debezium engine delivered")
                    .isSubsetOf("c4", "c5");
        } finally {
            PgTestSupport.dropSlots(pg, db);
        }
    }

    /**
     * A backfill asked for while the source was stopped with the native engine goes into that engine's offsets, which the
     * Debezium engine does not read: once the config says {@code engine: debezium}, {@code check} warns that the rows
     * would not be read again, naming the table, the file and what to do; with {@code engine: native} it has no such
     * item. (The start's WARN says the same: {@code PostgresDebeziumBackfillTest}.)
     */
    @Test
    void aBackfillTheNativeEngineRecordedIsWarnedOfOnceTheConfigSaysDebezium() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_switch_back");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1), (2), (3)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", "native");
        ComponentContext context = ComponentContext.of("back", state);
        try {
            try (CdcReader nativeReader = PgTestSupport.reader(config, "back", state)) {
                nativeReader.start();
                new ReaderHarness(nativeReader).pollAtLeast(3, TIMEOUT);
            }
            PostgresSourceFactory factory = new PostgresSourceFactory();
            assertThat(factory.requestBackfill(PgTestSupport.options(config), context, List.of("t"), "id > 1", false))
                    .contains("public.t");
            assertThat(factory.check(PgTestSupport.options(config), context).item(OtherEngineBackfillRequests.CHECK))
                    .isEmpty();

            config.put("engine", "debezium");
            PrerequisiteCheck item = factory.check(PgTestSupport.options(config), context)
                    .item(OtherEngineBackfillRequests.CHECK).orElseThrow();
            assertThat(item.outcome()).isEqualTo(PrerequisiteCheck.Outcome.WARN);
            assertThat(item.message()).isEqualTo("backfill of public.t asked for (cdc-toolkit backfill) while the source"
                    + " had engine: native waits in " + state.resolve("native-offsets.properties") + ", which engine:"
                    + " debezium does not read: their rows are not read again");
            assertThat(item.fix()).isEqualTo("set engine: native until the source has read them, or ask again with"
                    + " cdc-toolkit backfill");
        } finally {
            PgTestSupport.dropSlots(pg, db);
        }
    }

    @Test
    void aDebeziumSnapshotThatDidNotFinishIsTakenAgainByTheNativeEngine() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_native_switch_snap");
        pg.execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1), (2), (3)");
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("slot_name", "switch_snap_slot");
        config.put("engine", "debezium");
        try (CdcReader debezium = PgTestSupport.reader(config, "switch", state)) {
            debezium.start();
            List<ChangeEvent> snapshot = new ReaderHarness(debezium).pollUntil(e -> e.size() >= 3, TIMEOUT, false);
            debezium.commit(snapshot.get(0).position()); // the first snapshot row only
        }
        pg.execute(db, "INSERT INTO t VALUES (4)");

        config.put("engine", "native");
        try (CdcReader nativeReader = PgTestSupport.reader(config, "switch", state)) {
            nativeReader.start();
            List<ChangeEvent> events = new ReaderHarness(nativeReader).pollAtLeast(4, TIMEOUT);
            assertThat(events).extracting(e -> e.op().code() + e.key().get("id")).containsExactly("r1", "r2", "r3", "r4");
        } finally {
            PgTestSupport.dropSlots(pg, db);
        }
    }
}
