package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At-least-once across restarts, driving the reader as the runtime does: poll, acknowledge, commit
 * positions in order; once with the pipeline process killed mid-stream, once with a clean stop.
 */
class PostgresDurabilityTest {

    private static final int ROWS = 20_000;
    private static final int ROWS_PER_TX = 200;
    private static final int UPDATES_PER_TX = 20;
    private static final int CHANGES = ROWS + ROWS / ROWS_PER_TX * UPDATES_PER_TX;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path state;

    /**
     * The pipeline runs in a child process ({@link CrashChild}) that is killed with SIGKILL mid-stream
     * while 20,000 rows are being inserted: no close, no flush. A new reader on the same state resumes.
     */
    @Test
    void killedMidStreamLosesNothingAndReplaysOnlyWhatWasNotCommitted() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_crash");
        // Row 0 is the snapshot; the writer starts once it arrived, so the 20,000 rows all stream.
        pg.execute(db, "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)", "INSERT INTO items VALUES (0, 0)");
        Path sinkFile = state.resolve("sink.txt");
        Path stateDir = state.resolve("pipeline");

        CompletableFuture<Void> writer;
        Process child = startChild(pg, db, stateDir, sinkFile);
        try {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!changeLines(sinkFile).contains("c:0:0")) {
                assertThat(child.isAlive()).as("child pipeline died; see %s", state.resolve("child.log")).isTrue();
                assertThat(System.nanoTime()).as("child too slow").isLessThan(deadline);
                Thread.sleep(20);
            }
            writer = CompletableFuture.runAsync(() -> write(pg, db));
            while (changeLines(sinkFile).size() < 6_000) {
                assertThat(child.isAlive()).as("child pipeline died; see %s", state.resolve("child.log")).isTrue();
                assertThat(System.nanoTime()).as("child too slow").isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: nothing more is flushed or committed
            child.waitFor();
        }
        writer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS); // rows keep coming while the pipeline is down

        List<String> lines = Files.readAllLines(sinkFile);
        List<String> first = lines.stream().filter(l -> !l.startsWith("#")).toList();
        int lastMarker = lines.lastIndexOf("#committed");
        Set<String> committed = lines.subList(0, Math.max(lastMarker, 0)).stream()
                .filter(l -> !l.startsWith("#")).collect(Collectors.toSet());

        List<String> second = new ArrayList<>();
        Map<String, Object> config = PgTestSupport.config(pg, db);
        try (CdcReader reader = PgTestSupport.reader(config, "crash", stateDir)) {
            reader.start();
            Set<String> seen = new HashSet<>(first);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (seen.size() < CHANGES + 1) {
                assertThat(System.nanoTime()).as("timed out with %d of %d changes", seen.size(), CHANGES + 1).isLessThan(deadline);
                List<ChangeEvent> batch = reader.poll(Duration.ofMillis(200));
                batch.forEach(e -> {
                    second.add(change(e));
                    seen.add(change(e));
                });
                if (!batch.isEmpty()) reader.commit(batch.get(batch.size() - 1).position());
            }
            assertThat(reader.poll(Duration.ofSeconds(1))).isEmpty();
        }

        Set<String> all = new HashSet<>(first);
        all.addAll(second);
        assertThat(all).as("every change arrives at least once").hasSize(CHANGES + 1);
        assertThat(committed).as("the child committed before it was killed").hasSizeGreaterThan(1_000);
        Set<String> duplicates = new HashSet<>(second);
        duplicates.retainAll(new HashSet<>(first));
        assertThat(duplicates).as("duplicates come only from after the last committed position")
                .doesNotContainAnyElementsOf(committed);
        assertPerKeyOrder(first);
        assertPerKeyOrder(second);
        assertThat(second).doesNotHaveDuplicates();
    }

    private Process startChild(PostgresServer pg, String db, Path stateDir, Path sinkFile) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                pg.host(), String.valueOf(pg.port()), db, stateDir.toString(), sinkFile.toString())
                .redirectErrorStream(true).redirectOutput(state.resolve("child.log").toFile()).start();
    }

    private static List<String> changeLines(Path file) throws Exception {
        if (!Files.exists(file)) return List.of();
        return Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void cleanStopThenRowsInsertedWhileStoppedArriveExactlyOnce() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("pg_stop");
        pg.execute(db, "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO items SELECT g, 0 FROM generate_series(1, 500) g");
        Map<String, Object> config = PgTestSupport.config(pg, db);

        List<String> first = new ArrayList<>();
        try (CdcReader reader = PgTestSupport.reader(config, "stop", state)) {
            reader.start();
            pollCommitting(reader, first, 500); // snapshot
            pg.execute(db, "INSERT INTO items SELECT g, 0 FROM generate_series(501, 1000) g");
            pollCommitting(reader, first, 1000); // stream
        } // clean stop: everything was acknowledged and committed

        pg.execute(db, "INSERT INTO items SELECT g, 0 FROM generate_series(1001, 2000) g",
                "UPDATE items SET v = 1 WHERE id <= 100");

        List<String> second = new ArrayList<>();
        try (CdcReader reader = PgTestSupport.reader(config, "stop", state)) {
            reader.start();
            pollCommitting(reader, second, 1100);
            assertThat(reader.poll(Duration.ofSeconds(1))).as("nothing beyond the changes made while stopped").isEmpty();
        }

        assertThat(first).hasSize(1000).doesNotHaveDuplicates();
        assertThat(second).hasSize(1100).doesNotHaveDuplicates().doesNotContainAnyElementsOf(first);
        assertThat(second).filteredOn(c -> c.startsWith("c:")).hasSize(1000);
        assertThat(second).filteredOn(c -> c.startsWith("u:")).hasSize(100);
        assertPerKeyOrder(second);
    }

    /** Polls until {@code out} holds {@code count} changes, committing every batch as the runtime would. */
    private static void pollCommitting(CdcReader reader, List<String> out, int count) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (out.size() < count) {
            assertThat(System.nanoTime()).as("timed out with %d of %d changes", out.size(), count).isLessThan(deadline);
            List<ChangeEvent> batch = reader.poll(Duration.ofMillis(200));
            batch.forEach(e -> out.add(change(e)));
            if (!batch.isEmpty()) reader.commit(batch.get(batch.size() - 1).position());
        }
    }

    /** Within one reader session, each key's changes come in the order they were made. */
    private static void assertPerKeyOrder(List<String> changes) {
        Map<String, Integer> lastV = new HashMap<>();
        for (String c : changes) {
            String[] parts = c.split(":");
            int v = Integer.parseInt(parts[2]);
            Integer previous = lastV.put(parts[1], v);
            assertThat(previous == null || previous < v).as("order of key %s: %s after v=%s", parts[1], c, previous).isTrue();
        }
    }

    /** {@code op:id:v}, unique per change made by the writer. */
    static String change(ChangeEvent e) {
        Row after = Envelope.after(e.value());
        String op = e.op() == Op.UPDATE ? "u" : "c";
        return op + ":" + after.get("id") + ":" + after.get("v");
    }

    /** 100 transactions of 200 inserts, each also updating 20 of its rows. */
    private static void write(PostgresServer pg, String db) {
        try (Connection c = pg.connect(db)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, 0)");
                 Statement update = c.createStatement()) {
                for (int tx = 0; tx < ROWS / ROWS_PER_TX; tx++) {
                    int base = tx * ROWS_PER_TX;
                    for (int i = 1; i <= ROWS_PER_TX; i++) {
                        insert.setInt(1, base + i);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    update.executeUpdate("UPDATE items SET v = 1 WHERE id > " + base + " AND id <= " + (base + UPDATES_PER_TX));
                    c.commit();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
