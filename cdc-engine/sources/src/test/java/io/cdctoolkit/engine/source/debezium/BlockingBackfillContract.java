package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.TableBackfills;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.applied;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.assertSnapshotRows;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.id;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.lastRowCame;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.read;
import static io.cdctoolkit.engine.source.debezium.BlockingBackfillEvents.requestsLeft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code cdc-toolkit backfill} on a Debezium-engine source (Debezium's blocking snapshot, signalled in-process), as every
 * such source must behave — running under a writer, stopped with a condition, stopped before the last row; a subclass
 * gives the server. The oracle is the table: a consumer that applies the events
 * from the request on (one that lost its topic) ends with exactly a {@code SELECT} of it. Each database holds
 * {@code t (id int PRIMARY KEY, v varchar, secret varchar DEFAULT 'hidden')} with {@link #ROWS} rows and
 * {@code other (id int PRIMARY KEY)} with two.
 */
public abstract class BlockingBackfillContract {

    protected static final Duration TIMEOUT = Duration.ofSeconds(120);
    protected static final int ROWS = 3_000;

    @TempDir
    protected Path state;

    /** Creates the database (its tables as the class says); returns its name. */
    protected abstract String createDatabase(String name) throws Exception;

    /** Runs statements in the database. */
    protected abstract void execute(String db, String... sql) throws Exception;

    protected abstract Connection connect(String db) throws Exception;

    /** The source's config: the database's tables captured, every commit saved at once. */
    protected abstract Map<String, Object> config(String db);

    protected abstract Options options(Map<String, Object> config) throws Exception;

    protected abstract CdcReader reader(Map<String, Object> config, String name) throws Exception;

    protected abstract TableBackfills factory();

    /** The statement that sets t's row {@code id} to {@code v}, inserting it if missing. */
    protected abstract String upsert(int id, String v);

    /** How the source names the table (e.g. {@code public.t}). */
    protected abstract String qualified(String db, String table);

    /** The connector's name (e.g. {@code mariadb-cdc}). */
    protected abstract String connector();

    /** What the server says of a condition naming a column the table does not have. */
    protected abstract String unknownColumn(String column);

    /**
     * Asked for while the reader runs and a writer updates, inserts and deletes rows of the table: the rows come as op r
     * events, one after another (the stream paused), every row the table held once; the changes made meanwhile come
     * after them, and a consumer of the backfill and what follows ends with the table. Once the last row is committed
     * the request is gone.
     */
    @Test
    void aTableAskedForWhileRunningIsReadWithTheStreamPausedThenItGoesOn() throws Exception {
        String db = createDatabase("backfill_live");
        Map<String, Object> config = config(db);
        try (CdcReader reader = reader(config, "live")) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            assertThat(harness.pollAtLeast(ROWS + 2, TIMEOUT)).as("the initial snapshot's rows: not a backfill's")
                    .allSatisfy(e -> assertThat(backfillMarker(e)).isNull());
            harness.clear(); // from here: what a consumer that lost its topic and asked for the backfill reads
            AtomicBoolean writing = new AtomicBoolean(true);
            CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> write(db, writing));
            try {
                String said = factory().requestBackfill(options(config), ComponentContext.of("live", state),
                        List.of("t"), null, true);
                assertThat(said).startsWith(connector() + " source 'live' is running: it sends the request within a"
                        + " second");
                harness.pollUntil(BlockingBackfillEvents::lastRowCame, TIMEOUT, true);
            } finally {
                writing.set(false);
            }
            int changes = writer.get(60, TimeUnit.SECONDS);
            execute(db, "INSERT INTO t (id, v) VALUES (0, 'last')");
            List<ChangeEvent> events = harness.pollUntil(e -> !e.isEmpty() && id(e.get(e.size() - 1)) == 0, TIMEOUT, true);

            List<ChangeEvent> rows = events.stream().filter(e -> e.op() == Op.READ).toList();
            assertSnapshotRows(rows);
            assertThat(rows).allSatisfy(e -> assertThat(e.table().table()).isEqualTo("t"));
            assertThat(rows.stream().map(BlockingBackfillContract::backfillMarker).distinct()).as("one backfill's rows")
                    .hasSize(1).doesNotContainNull();
            assertThat(events.stream().filter(e -> e.op() != Op.READ).map(BlockingBackfillContract::backfillMarker))
                    .as("changes: no backfill's").containsOnlyNulls();
            int first = events.indexOf(rows.get(0));
            assertThat(events.subList(first, first + rows.size())).as("the rows one after another").isEqualTo(rows);
            assertThat(rows.stream().map(BlockingBackfillEvents::id).distinct().count()).as("each row once")
                    .isEqualTo(rows.size());
            assertThat(events.subList(first + rows.size(), events.size())).as("streamed on (%d changes made)", changes)
                    .isNotEmpty();
            assertThat(applied(events)).containsExactlyEntriesOf(table(db, "t"));
            assertThat(requestsLeft(state)).as("the request, once its last row is committed").isEmpty();
        }
    }

    /**
     * Asked for while the source is stopped (changes made meanwhile), with a condition: its next start reads the rows
     * the condition selects, as the table holds them, without the column Debezium leaves out, and streams the changes it
     * had not delivered; a start after that reads nothing again. Refused, saying why: a misspelt table (with the nearest
     * name), a condition the server does not take, a second statement, snapshot_mode always; a condition that selects no
     * row records nothing.
     */
    @Test
    void aTableAskedForWhileStoppedIsReadAtTheNextStartWhereTheConditionSelects() throws Exception {
        String db = createDatabase("backfill_next");
        Map<String, Object> config = config(db);
        excludeSecret(config, db);
        snapshotThenStop(config, "next");
        execute(db, "UPDATE t SET v = 'changed' WHERE id IN (5, 50)", "DELETE FROM t WHERE id = 7");
        TableBackfills factory = factory();
        ComponentContext context = ComponentContext.of("next", state);
        Options options = options(config);
        String t = qualified(db, "t");
        assertThatThrownBy(() -> factory.requestBackfill(options, context, List.of("tt"), null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(qualified(db, "tt")
                        + " (did you mean " + t + "?) is not a table " + connector() + " source 'next' captures");
        assertThatThrownBy(() -> factory.requestBackfill(options, context, List.of("t"), "totl > 1", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--where totl > 1 is not a condition on the rows of " + t + ":")
                .hasMessageContaining(unknownColumn("totl"));
        assertThatThrownBy(() -> factory.requestBackfill(options, context, List.of("t"), "id < 100; DELETE FROM t", false))
                .hasMessage("--where id < 100; DELETE FROM t is not one SQL condition: its ';' at character 9 would end"
                        + " the statement");
        Map<String, Object> always = new java.util.HashMap<>(config);
        always.put("snapshot_mode", "always");
        assertThatThrownBy(() -> factory.requestBackfill(options(always), context, List.of("t"), null, false))
                .hasMessageContaining("snapshot_mode: always reads every captured table at every start already");
        assertThat(factory.requestBackfill(options, context, List.of("t"), "id > " + (2 * ROWS), false))
                .isEqualTo("nothing to read again: no row of " + t + " has id > " + (2 * ROWS) + " (nothing recorded;"
                        + " the rows written from now on come with the stream)");
        assertThat(requestsLeft(state)).as("nothing left by a refused request, nor by one that reads no row").isEmpty();
        assertThat(backfillItem(options, context)).isEmpty();
        assertThat(factory.requestBackfill(options, context, List.of("t"), "id <= 100", false))
                .startsWith("the next start of " + connector() + " source 'next' sends the request: Debezium pauses the"
                        + " stream");
        assertThat(backfillItem(options, context)).hasValueSatisfying(item -> {
            assertThat(item.outcome()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
            assertThat(item.message()).startsWith(t + " read again on request (cdc-toolkit backfill)");
        });

        Map<Integer, String> selected = new TreeMap<>(table(db, "t"));
        selected.keySet().removeIf(id -> id > 100);
        try (CdcReader reader = reader(config, "next")) {
            reader.start();
            List<ChangeEvent> events = new ReaderHarness(reader).pollUntil(e -> lastRowCame(e)
                    && e.stream().anyMatch(c -> c.op() == Op.DELETE), TIMEOUT, true);
            // The changes made while stopped, in their order; the rows before or after them, as the signal is taken
            // before or after the stream has caught up.
            assertThat(events.stream().filter(e -> e.op() != Op.READ)).extracting(e -> e.op() + " " + id(e))
                    .containsExactly("UPDATE 5", "UPDATE 50", "DELETE 7");
            List<ChangeEvent> rows = events.stream().filter(e -> e.op() == Op.READ).toList();
            assertThat(read(rows)).containsExactlyEntriesOf(selected);
            assertThat(rows).hasSize(selected.size());
            assertSnapshotRows(rows);
            assertNoSecret(rows);
            assertThat(applied(events)).containsExactlyEntriesOf(selected);
        }
        assertThat(requestsLeft(state)).isEmpty();
        assertThat(backfillItem(options, context)).as("check, once the rows are committed").isEmpty();
        assertNextStartStreamsOnly(config, "next", db);
    }

    /**
     * Stopped after committing part of the rows: the request stays, and the next start reads every row of t again (a
     * blocking snapshot does not resume; its offsets are not taken for an unfinished initial snapshot, which would read
     * every table), then streams the change made meanwhile; once the last row is committed the request is gone, and a
     * start after that reads nothing again. Asked for before the source completed its snapshot, nothing is recorded;
     * asked for again while the request waits, nothing more is.
     */
    @Test
    void stoppedBeforeItsLastRowIsCommittedTheBackfillIsReadAgainAtTheNextStart() throws Exception {
        String db = createDatabase("backfill_stop");
        Map<String, Object> config = config(db);
        config.put("max_batch_size", 100);
        Object firstTry;
        ComponentContext context = ComponentContext.of("stop", state);
        assertThat(factory().requestBackfill(options(config), context, List.of("t"), null, false))
                .isEqualTo(connector() + " source 'stop' has not completed its snapshot: its next start reads every"
                        + " captured table, " + qualified(db, "t") + " included (nothing recorded)");
        snapshotThenStop(config, "stop");
        factory().requestBackfill(options(config), context, List.of("t"), null, false);
        assertThat(factory().requestBackfill(options(config), context, List.of("t"), "id < 10", false))
                .as("asked again while that request waits").isEqualTo("already asked for: a request waiting for the"
                        + " next start of " + connector() + " source 'stop' reads " + qualified(db, "t") + " whole"
                        + " (nothing recorded)");
        assertThat(requestsLeft(state)).hasSize(1);
        try (CdcReader reader = reader(config, "stop")) {
            reader.start();
            List<ChangeEvent> part = new ReaderHarness(reader).pollUntil(e -> e.size() >= 500, TIMEOUT, true);
            assertThat(part).allMatch(e -> e.op() == Op.READ);
            assertThat(part).noneMatch(e -> "last".equals(Envelope.source(e.value()).get("snapshot")));
            firstTry = backfillMarker(part.get(0));
            assertThat(firstTry).isNotNull();
        }
        assertThat(requestsLeft(state)).hasSize(1);
        execute(db, "UPDATE t SET v = 'meanwhile' WHERE id = 9");
        try (CdcReader reader = reader(config, "stop")) {
            reader.start();
            List<ChangeEvent> events = new ReaderHarness(reader).pollUntil(e -> lastRowCame(e) && e.stream().anyMatch(
                    c -> c.op() == Op.UPDATE), TIMEOUT, true);
            List<ChangeEvent> rows = events.stream().filter(e -> e.op() == Op.READ).toList();
            assertThat(rows).as("t's rows only: not the initial snapshot again").hasSize(ROWS)
                    .allSatisfy(e -> assertThat(e.table().table()).isEqualTo("t"));
            // Marked as a new backfill's: content-keyed deduplication lets them through again (DedupKeyEncoder).
            assertThat(rows).extracting(BlockingBackfillContract::backfillMarker).doesNotContainNull()
                    .doesNotContain(firstTry);
            assertSnapshotRows(rows);
            assertThat(events.stream().filter(e -> e.op() != Op.READ)).extracting(e -> e.op() + " " + id(e))
                    .containsExactly("UPDATE 9");
            assertThat(applied(events)).containsExactlyEntriesOf(table(db, "t"));
        }
        assertThat(requestsLeft(state)).isEmpty();
        assertNextStartStreamsOnly(config, "stop", db);
    }

    /**
     * Asked for while stopped, then every row it would read deleted before the next start: that start streams the
     * deletes, reads no row (Debezium's snapshot of it completes empty) and the request ends there; before, with no last
     * row to end it, it stayed and every start sent it again. Rows read at a start that is not a backfill's are never
     * taken for one's either: nothing here is marked.
     */
    @Test
    void aRequestWhoseRowsWereAllDeletedBeforeItIsReadEndsWithoutARow() throws Exception {
        String db = createDatabase("backfill_gone");
        Map<String, Object> config = config(db);
        snapshotThenStop(config, "gone");
        ComponentContext context = ComponentContext.of("gone", state);
        Options options = options(config);
        factory().requestBackfill(options, context, List.of("t"), "id <= 3", false);
        assertThat(requestsLeft(state)).hasSize(1);
        execute(db, "DELETE FROM t WHERE id <= 3");
        try (CdcReader reader = reader(config, "gone")) {
            reader.start();
            // Fails (times out) while the request stays.
            List<ChangeEvent> events = new ReaderHarness(reader).pollUntil(e -> e.size() >= 3 && noRequestLeft(),
                    TIMEOUT, true);
            assertThat(events).extracting(e -> e.op() + " " + id(e)).containsExactly("DELETE 1", "DELETE 2", "DELETE 3");
            assertThat(events).extracting(BlockingBackfillContract::backfillMarker).containsOnlyNulls();
        }
        assertThat(backfillItem(options, context)).isEmpty();
        assertNextStartStreamsOnly(config, "gone", db);
    }

    /**
     * A table the filter left out at the snapshot, captured from a later start on ({@code exclude_tables} emptied;
     * {@code snapshot_new_tables} by default): that start reads its rows as a backfill — each once, as the table holds
     * them then (a row inserted while stopped included) — and not t's again, then streams on; a table created while
     * stopped that the old filter matched arrives too (from the stream where {@link #streamsTablesCreatedWhileStopped},
     * else read with other); the start after that reads nothing again. Left out again, then asked for with
     * {@code cdc-toolkit backfill} before the start that captures it again: its rows are read once (that start asks for
     * nothing more). Left out again, then captured again with {@code snapshot_new_tables: false}: no row is read and
     * nothing is asked for.
     */
    @Test
    void aTableCapturedAfterTheSnapshotIsReadAtTheStartThatCapturesIt() throws Exception {
        String db = createDatabase("backfill_new");
        Map<String, Object> config = config(db);
        config.put("exclude_tables", List.of("other"));
        try (CdcReader reader = reader(config, "new")) {
            reader.start();
            assertThat(new ReaderHarness(reader).pollAtLeast(ROWS, TIMEOUT)).hasSize(ROWS);
        }
        execute(db, "INSERT INTO other VALUES (3)", "CREATE TABLE third (id int PRIMARY KEY)",
                "INSERT INTO third VALUES (1)");
        config.remove("exclude_tables");
        boolean thirdStreamed = streamsTablesCreatedWhileStopped();
        List<String> read = thirdStreamed ? List.of("other") : List.of("other", "third");
        assertNewTablesItem(options(config), ComponentContext.of("new", state),
                read.stream().map(table -> qualified(db, table)).toList());
        try (CdcReader reader = reader(config, "new")) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollUntil(e -> noRequestLeft() && e.stream().anyMatch(c -> tableOf(c).equals("third")), TIMEOUT, true);
            execute(db, "INSERT INTO other VALUES (4)");
            List<ChangeEvent> events = harness.pollUntil(e -> e.stream().anyMatch(c -> tableOf(c).equals("other")
                    && c.op() == Op.CREATE && id(c) == 4), TIMEOUT, true);
            List<ChangeEvent> rows = events.stream().filter(e -> e.op() == Op.READ).toList();
            assertThat(rows.stream().filter(e -> tableOf(e).equals("other"))).extracting(BlockingBackfillEvents::id)
                    .as("other's rows, each once").containsExactlyInAnyOrder(1, 2, 3);
            assertSnapshotRows(rows);
            assertThat(rows).extracting(BlockingBackfillContract::backfillMarker).doesNotContainNull();
            assertThat(events).as("t's rows not read again").noneMatch(e -> e.op() == Op.READ && tableOf(e).equals("t"));
            assertThat(events.stream().filter(e -> tableOf(e).equals("third"))).extracting(e -> e.op() + " " + id(e))
                    .as("third's row").containsExactly(thirdStreamed ? "CREATE 1" : "READ 1");
        }
        assertThat(requestsLeft(state)).isEmpty();
        assertThat(newTablesItem(options(config), ComponentContext.of("new", state))).isEmpty();
        assertNextStartStreamsOnly(config, "new", db);

        // Left out again, then asked for with cdc-toolkit backfill before the start that captures it again: read once.
        config.put("exclude_tables", List.of("other"));
        startStreamingOnly(config, db, -1);
        config.remove("exclude_tables");
        ComponentContext context = ComponentContext.of("new", state);
        factory().requestBackfill(options(config), context, List.of("other"), null, false);
        assertThat(newTablesItem(options(config), context)).as("asked for: check's backfill item names it").isEmpty();
        try (CdcReader reader = reader(config, "new")) {
            reader.start();
            List<ChangeEvent> events = new ReaderHarness(reader).pollUntil(e -> lastRowCame(e) && noRequestLeft(),
                    TIMEOUT, true);
            assertThat(events.stream().filter(e -> e.op() == Op.READ)).extracting(e -> tableOf(e) + " " + id(e))
                    .as("other's rows, each once").containsExactlyInAnyOrder("other 1", "other 2", "other 3", "other 4");
        }

        config.put("exclude_tables", List.of("other"));
        startStreamingOnly(config, db, -2);
        config.remove("exclude_tables");
        config.put("snapshot_new_tables", false);
        startStreamingOnly(config, db, -3);
        assertThat(requestsLeft(state)).isEmpty();
    }

    /** A start that reads no row: the insert into t made after it comes first. */
    private void startStreamingOnly(Map<String, Object> config, String db, int id) throws Exception {
        try (CdcReader reader = reader(config, "new")) {
            reader.start();
            execute(db, "INSERT INTO t (id, v) VALUES (" + id + ", 'after')");
            List<ChangeEvent> events = new ReaderHarness(reader).pollUntil(e -> e.stream().anyMatch(
                    c -> tableOf(c).equals("t") && id(c) == id), TIMEOUT, true);
            assertThat(events).noneMatch(e -> e.op() == Op.READ);
        }
    }

    /**
     * Whether a table created while the source was stopped, that its filter matched, comes whole from the stream (a
     * binlog holds its {@code CREATE TABLE} and rows), not as a table captured since the snapshot (PostgreSQL decodes
     * a table's changes only from when its publication holds it).
     */
    protected abstract boolean streamsTablesCreatedWhileStopped();

    /** That {@code check} names {@code tables} as captured since the snapshot, read by the next start. */
    private void assertNewTablesItem(Options options, ComponentContext context, List<String> tables) throws Exception {
        assertThat(newTablesItem(options, context)).hasValueSatisfying(item -> {
            assertThat(item.outcome()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
            assertThat(item.message()).isEqualTo(String.join(", ", tables) + " captured since the snapshot: the next"
                    + " start reads " + (tables.size() == 1 ? "its" : "their") + " rows as a backfill (Debezium's"
                    + " blocking snapshot) once its stream has started");
        });
    }

    /** {@code check}'s {@code new_tables} item, if it has one. */
    protected Optional<PrerequisiteCheck> newTablesItem(Options options, ComponentContext context) throws Exception {
        return ((io.cdctoolkit.engine.spi.SourceInspector) factory()).check(options, context).item("new_tables");
    }

    private static String tableOf(ChangeEvent event) {
        return event.table().table();
    }

    /**
     * Sets the config to leave t's column {@code secret} out as Debezium's own {@code column.exclude.list} does (the
     * {@code debezium:} block): a backfill's {@code SELECT *} reads it, but no event may carry it.
     */
    protected void excludeSecret(Map<String, Object> config, String db) {
        config.put("debezium", Map.of("column.exclude.list", java.util.regex.Pattern.quote(qualified(db, "t")) + ".secret"));
    }

    /** Rows without the column Debezium leaves out ({@link #excludeSecret}). */
    protected static void assertNoSecret(List<ChangeEvent> rows) {
        assertThat(rows).allSatisfy(e -> assertThat(Envelope.after(e.value()).schema().field("secret")).isNull());
    }

    /** A start that reads the initial snapshot (t's rows and other's), commits it and stops. */
    protected void snapshotThenStop(Map<String, Object> config, String name) throws Exception {
        try (CdcReader reader = reader(config, name)) {
            reader.start();
            new ReaderHarness(reader).pollAtLeast(ROWS + 2, TIMEOUT);
        }
    }

    /** A start reads nothing again: only the insert made after it comes. */
    protected void assertNextStartStreamsOnly(Map<String, Object> config, String name, String db) throws Exception {
        try (CdcReader reader = reader(config, name)) {
            reader.start();
            execute(db, "INSERT INTO t (id, v) VALUES (0, 'after')");
            assertThat(new ReaderHarness(reader).pollAtLeast(1, TIMEOUT)).extracting(e -> e.op() + " " + id(e))
                    .containsExactly("CREATE 0");
        }
    }

    /** The event's backfill marker ({@link SourcePosition#BACKFILL}), or null. */
    protected static Object backfillMarker(ChangeEvent event) {
        return event.position().offset().get(SourcePosition.BACKFILL);
    }

    private boolean noRequestLeft() {
        try {
            return requestsLeft(state).isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code check}'s backfill item, if it has one. */
    protected Optional<PrerequisiteCheck> backfillItem(Options options, ComponentContext context) throws Exception {
        return ((io.cdctoolkit.engine.spi.SourceInspector) factory()).check(options, context).item("backfill");
    }

    /** The statements that make t and other, {@code fillT} filling t with {@link #ROWS} rows ({@code v} = "v" + id). */
    protected static String[] tables(String fillT) {
        return new String[] {"CREATE TABLE t (id int PRIMARY KEY, v varchar(40), secret varchar(40) DEFAULT 'hidden')", fillT,
                "CREATE TABLE other (id int PRIMARY KEY)", "INSERT INTO other VALUES (1), (2)"};
    }

    /** Updates, inserts and deletes rows of t, a change at a time, until told to stop; how many changes. */
    private int write(String db, AtomicBoolean writing) {
        int changes = 0;
        int next = ROWS + 1;
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            while (writing.get()) {
                int id = ThreadLocalRandom.current().nextInt(1, ROWS + 1);
                switch (changes % 5) {
                    case 3 -> st.execute("DELETE FROM t WHERE id = " + id);
                    case 4 -> st.execute("INSERT INTO t (id, v) VALUES (" + next++ + ", 'new')");
                    default -> st.execute(upsert(id, "u" + changes));
                }
                changes++;
                Thread.sleep(2);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return changes;
    }

    /** {@code from}'s rows (e.g. {@code t}, {@code ONLY t}): id → v. */
    protected Map<Integer, String> table(String db, String from) throws Exception {
        Map<Integer, String> rows = new TreeMap<>();
        try (Connection c = connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, v FROM " + from)) {
            while (rs.next()) rows.put(rs.getInt(1), rs.getString(2));
        }
        return rows;
    }
}
