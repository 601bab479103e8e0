package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.compat.SinkFile.Change;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.cdctoolkit.compat.DurabilityScenarios.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a source's state lives and who may use it, through the real {@code cdc-toolkit run} (child JVMs)
 * on the embedded PostgreSQL: state found from any working directory and after a pipeline rename, one
 * process per state, and a failed offset save that stops the pipeline before the slot moves past it. With
 * {@code engine: debezium} (its offsets file and store are what these tests break and inspect; the native
 * engine's are covered by NativeRestartTest, OffsetSaverTest and PostgresNativeDurabilityTest).
 */
class PostgresStateTest {

    private static final int SENTINEL = 1_000_000;

    private final PostgresServer pg = PostgresServer.shared();

    @TempDir
    Path tmp;

    @Test
    void theSameConfigRunFromAnotherWorkingDirectoryAndWithItsPipelineRenamedResumesInsteadOfSnapshotting()
            throws Exception {
        String db = createDatabaseWithItems("state_cwd");
        insert(db, 1, 100);
        Path confDir = Files.createDirectories(tmp.resolve("conf"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path config = confDir.resolve("pipeline.yaml");
        Files.writeString(config, config(db, "state_cwd", "", "first")); // no state_dir: ./.cdc-toolkit
        SinkFile sink = new SinkFile(tmp.resolve("out.jsonl"));

        CliProcess first = CliProcess.start(confDir, tmp.resolve("first.log"), "run", "--config", "pipeline.yaml");
        try {
            await(sink, first, changes -> changes.size() >= 100, "the 100 snapshot rows");
            insert(db, 101, 150);
            await(sink, first, changes -> changes.size() >= 150, "50 streamed rows");
        } finally {
            assertThat(first.terminate(60)).as("exit status after SIGTERM" + first.logTail()).isZero();
        }
        int beforeStop = sink.refresh();

        insert(db, 151, 200);
        pg.execute(db, "INSERT INTO items VALUES (" + SENTINEL + ", 0)");
        Files.writeString(config, config(db, "state_cwd", "", "renamed"));
        CliProcess second = CliProcess.start(elsewhere, tmp.resolve("second.log"), "run", "--config",
                "../conf/pipeline.yaml");
        try {
            await(sink, second, changes -> changes.get(changes.size() - 1).id() == SENTINEL,
                    "the changes made while stopped");
        } finally {
            assertThat(second.terminate(60)).as("exit status after SIGTERM" + second.logTail()).isZero();
        }
        sink.refresh();
        List<Change> afterRestart = sink.changes().subList(beforeStop, sink.changes().size());

        assertThat(afterRestart).as("no new snapshot, nothing repeated: exactly the changes made while stopped")
                .containsExactlyElementsOf(inserts(151, 200, SENTINEL));
        assertThat(confDir.resolve(".cdc-toolkit/sources/db/offsets.dat")).exists();
        assertThat(elsewhere.resolve(".cdc-toolkit")).doesNotExist();
    }

    @Test
    void aSecondRunOfTheSameConfigFailsAtOnceSayingWhichProcessRunsIt() throws Exception {
        String db = createDatabaseWithItems("state_twice");
        insert(db, 1, 10);
        Path config = tmp.resolve("pipeline.yaml");
        Files.writeString(config, config(db, "state_twice", "state_dir: " + tmp.resolve("state"), "main"));
        SinkFile sink = new SinkFile(tmp.resolve("out.jsonl"));

        CliProcess first = CliProcess.run(config, tmp.resolve("first.log"));
        try {
            await(sink, first, changes -> changes.size() >= 10, "the snapshot");

            CliProcess second = CliProcess.run(config, tmp.resolve("second.log"));
            int exit = second.waitFor(60);

            assertThat(exit).as("the second run exits by itself, with 4" + second.logTail()).isEqualTo(4);
            assertThat(second.log()).contains("source 'db' is already running (pid " + first.pid() + ")")
                    .doesNotContain("is active"); // Debezium's "replication slot … is active", retried for ever
            insert(db, 11, 11);
            await(sink, first, changes -> changes.size() >= 11, "a change after the second run gave up");
        } finally {
            assertThat(first.terminate(60)).as("exit status after SIGTERM" + first.logTail()).isZero();
        }
        sink.refresh();
        assertThat(sink.changes()).hasSize(11);
    }

    /**
     * The offsets file cannot be saved while the run goes on: the test puts a folder where the store
     * writes its temporary file ({@code offsets.dat.tmp}), so opening it for writing fails with "Is a
     * directory". Permissions would not do (the tests run as root, which ignores them) and there is no
     * small file system to fill; this fails every save, for root too, and is undone by deleting the folder.
     */
    @Test
    void anOffsetSaveThatFailsStopsThePipelineBeforeTheSlotMovesPastTheSavedOffsetAndARestartResumes()
            throws Exception {
        String db = createDatabaseWithItems("state_save");
        insert(db, 1, 200);
        Path config = tmp.resolve("pipeline.yaml");
        Path state = tmp.resolve("state");
        Files.writeString(config, config(db, "state_save", "state_dir: " + state, "main"));
        Path offsets = state.resolve("sources/db/offsets.dat");
        SinkFile sink = new SinkFile(tmp.resolve("out.jsonl"));

        CliProcess first = CliProcess.run(config, tmp.resolve("first.log"));
        try {
            await(sink, first, changes -> changes.size() >= 200, "the 200 snapshot rows");
            insert(db, 201, 300);
            await(sink, first, changes -> changes.size() >= 300, "100 streamed rows");
            Thread.sleep(500); // the commit after the last batch
            blockSaves(offsets);
            JsonNode saved = OffsetsFile.singleOffset(offsets);
            insert(db, 301, 400);

            int exit = first.waitFor(90);
            assertThat(exit).as("the run stops by itself, with 4" + first.logTail()).isEqualTo(4);
            assertThat(first.log()).contains("cannot save offsets to " + offsets).contains("Is a directory");
            assertThat(OffsetsFile.singleOffset(offsets)).isEqualTo(saved);
            // Rows 301..400 are one transaction after everything saved: confirming its commit LSN (what the
            // slot did before) would make the server drop changes whose offsets were never saved.
            long savedLsn = Stream.of("lsn", "lsn_proc", "lsn_commit").filter(saved::hasNonNull)
                    .mapToLong(k -> saved.get(k).asLong()).max().orElseThrow();
            assertThat(confirmedFlushLsn("state_save")).as("the slot's confirmed_flush_lsn; saved offset %s", saved)
                    .isPositive().isLessThanOrEqualTo(savedLsn);
        } finally {
            first.kill();
        }
        int beforeRestart = sink.refresh();

        Files.delete(offsets.resolveSibling("offsets.dat.tmp"));
        JsonNode saved = OffsetsFile.singleOffset(offsets);
        CliProcess second = CliProcess.run(config, tmp.resolve("second.log"));
        try {
            pg.execute(db, "INSERT INTO items VALUES (" + SENTINEL + ", 0)");
            await(sink, second, changes -> changes.get(changes.size() - 1).id() == SENTINEL, "every change");
        } finally {
            assertThat(second.terminate(60)).as("exit status after SIGTERM" + second.logTail()).isZero();
        }
        sink.refresh();
        List<Change> afterRestart = sink.changes().subList(beforeRestart, sink.changes().size());

        assertThat(afterRestart).as("no new snapshot").noneMatch(c -> c.op().equals("r"));
        int firstUnsaved = afterRestart.get(0).id();
        assertThat(sink.source(beforeRestart).get("lsn").asLong()).as("resumed after the saved offset %s", saved)
                .isGreaterThan(saved.get("lsn").asLong());
        assertThat(firstUnsaved).as("the restart starts right after the saved offset, before the rows of the failed run")
                .isBetween(201, 301);
        assertThat(afterRestart).containsExactlyElementsOf(inserts(firstUnsaved, 400, SENTINEL));
    }

    /** Puts a folder where the offset store writes its temporary file (retrying while a save is using it). */
    private static void blockSaves(Path offsets) throws Exception {
        Path temp = offsets.resolveSibling("offsets.dat.tmp");
        while (true) {
            try {
                Files.createDirectory(temp);
                return;
            } catch (FileAlreadyExistsException busy) {
                Thread.sleep(5); // a save is writing it right now; it is renamed away in a moment
            }
        }
    }

    private String createDatabaseWithItems(String name) throws Exception {
        pg.createDatabase(name);
        pg.execute(name, "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)");
        return name;
    }

    private void insert(String db, int from, int to) throws SQLException {
        pg.execute(db, "INSERT INTO items SELECT g, 0 FROM generate_series(" + from + ", " + to + ") g");
    }

    private long confirmedFlushLsn(String slot) throws SQLException {
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (confirmed_flush_lsn - '0/0'::pg_lsn)::bigint FROM pg_replication_slots"
                     + " WHERE slot_name = '" + slot + "'")) {
            assertThat(rs.next()).as("slot %s exists", slot).isTrue();
            return rs.getLong(1);
        }
    }

    /** Inserts of ids {@code from..to}, then the sentinel's. */
    private static List<Change> inserts(int from, int to, int sentinel) {
        List<Change> out = new ArrayList<>(IntStream.rangeClosed(from, to).mapToObj(id -> new Change("c", id, 0))
                .toList());
        out.add(new Change("c", sentinel, 0));
        return out;
    }

    /**
     * Each commit is saved before the pipeline goes on ({@code offset_flush_interval_ms: 0}): the tests reason
     * about what is saved once the sink has the changes (with the default, up to a second of commits may not
     * be saved yet, and a save blocked then would still hold the snapshot's offset).
     */
    private String config(String database, String slot, String stateDirLine, String pipeline) {
        return """
                version: "1.0"
                %s
                sources:
                  db:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: postgres
                      ssl_mode: disable
                      slot_name: %s
                      include_tables: [public.items]
                      poll_interval_ms: 50
                      offset_flush_interval_ms: 0
                      engine: debezium
                sinks:
                  out:
                    connector: file
                    config: { path: %s }
                pipelines:
                  %s:
                    source: db
                    sink: out
                """.formatted(stateDirLine, pg.host(), pg.port(), database, slot, tmp.resolve("out.jsonl"), pipeline);
    }
}
