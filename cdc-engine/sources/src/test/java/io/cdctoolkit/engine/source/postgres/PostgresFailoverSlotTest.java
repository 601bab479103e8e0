package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.PostgresFailoverPair;
import io.cdctoolkit.testing.PostgresServer;
import io.cdctoolkit.testing.TcpProxy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code slot_failover} (PostgreSQL 17+): the slot is a failover slot, a standby keeps a copy of it, and after the
 * standby's promotion the source — pointed at it — resumes right after its last committed change: nothing lost,
 * nothing committed delivered again, no new snapshot. Both engines; a slot created so and one altered at start.
 */
class PostgresFailoverSlotTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String SLOT = "failover_slot";

    @TempDir
    Path servers;
    @TempDir
    Path state;

    @ParameterizedTest(name = "engine {0}, slot existed before: {1}")
    @CsvSource({"native, false", "native, true", "debezium, false", "debezium, true"})
    void aSourceResumesOnThePromotedStandbyRightAfterItsLastCommittedChange(String engine, boolean slotExisted)
            throws Exception {
        try (PostgresFailoverPair pair = PostgresFailoverPair.start(servers)) {
            PostgresServer primary = pair.primary();
            String db = primary.createDatabase("failover");
            primary.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'snapshot')");
            Map<String, Object> config = config(primary, db, engine);
            if (slotExisted) {
                config.put("slot_failover", false);
                try (CdcReader reader = PgTestSupport.reader(config, "failover", state)) {
                    reader.start();
                    assertThat(new ReaderHarness(reader).pollAtLeast(1, TIMEOUT)).extracting(ChangeEvent::op)
                            .containsExactly(Op.READ);
                }
                assertThat(slotFailover(primary, db)).isEqualTo("f");
                config.put("slot_failover", true);
            }
            try (CdcReader reader = PgTestSupport.reader(config, "failover", state)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                if (!slotExisted) {
                    assertThat(harness.pollAtLeast(1, TIMEOUT)).extracting(ChangeEvent::op).containsExactly(Op.READ);
                    harness.clear();
                }
                assertThat(slotFailover(primary, db)).isEqualTo("t");
                primary.execute(db, "INSERT INTO t VALUES (2, 'committed')", "INSERT INTO t VALUES (3, 'committed')");
                List<ChangeEvent> committed = harness.pollAtLeast(2, TIMEOUT);
                assertThat(committed).extracting(e -> e.key().get("id")).containsExactly(2, 3);
                long lsn = (Long) Envelope.source(committed.get(1).value()).get("lsn");
                Await.until("the slot confirmed the committed change at " + lsn, () -> confirmedPast(primary, db, lsn));
                List<ChangeEvent> meanwhile = new java.util.ArrayList<>();
                pair.awaitSlotSynced(SLOT, () -> meanwhile.addAll(reader.poll(Duration.ofMillis(100))));
                assertThat(meanwhile).isEmpty();
                harness.clear();
                primary.execute(db, "INSERT INTO t VALUES (4, 'delivered, not committed')");
                assertThat(harness.pollUntil(events -> !events.isEmpty(), TIMEOUT, false))
                        .extracting(e -> e.key().get("id")).containsExactly(4);
            }
            pair.failOver();
            PostgresServer promoted = pair.standby();
            promoted.execute(db, "INSERT INTO t VALUES (5, 'on the new primary')");
            config.put("port", promoted.port());
            // The old primary's synchronized_standby_slots came with the standby's copy: check says what it holds back.
            PrerequisiteCheck stale = checkItem(config);
            assertThat(stale.outcome()).isEqualTo(PrerequisiteCheck.Outcome.FAIL);
            assertThat(stale.message()).contains("names " + PostgresFailoverPair.STANDBY_SLOT + ", which does not exist");
            pair.forgetStandbySlots();
            try (CdcReader reader = PgTestSupport.reader(config, "failover", state)) {
                reader.start();
                List<ChangeEvent> resumed = new ReaderHarness(reader).pollAtLeast(2, TIMEOUT);
                assertThat(resumed).extracting(e -> e.key().get("id")).containsExactly(4, 5);
                assertThat(resumed).extracting(ChangeEvent::op).containsOnly(Op.CREATE);
            }
        }
    }

    /**
     * A failover while a reader streams, its address moving to the promoted standby (a proxy here, a virtual IP or DNS
     * name in production). Native: the lost connection fails a poll with a RetryableException, as any lost connection
     * does, and the next poll streams the promoted standby's copy of the slot from right after the last event
     * delivered — the delivered, unacknowledged change not again, the new one once. Debezium: its engine restarts its
     * task by itself, from the last committed change — the unacknowledged one again, then the new one.
     */
    @ParameterizedTest
    @ValueSource(strings = {"native", "debezium"})
    void aReaderFollowsAFailoverWhileStreaming(String engine) throws Exception {
        try (PostgresFailoverPair pair = PostgresFailoverPair.start(servers);
             TcpProxy address = new TcpProxy("localhost", pair.primary().port())) {
            PostgresServer primary = pair.primary();
            String db = primary.createDatabase("failover_live");
            primary.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'snapshot')");
            Map<String, Object> config = config(primary, db, engine);
            config.put("host", "127.0.0.1");
            config.put("port", address.port());
            try (CdcReader reader = PgTestSupport.reader(config, "failover", state)) {
                reader.start();
                ReaderHarness harness = new ReaderHarness(reader);
                harness.pollAtLeast(1, TIMEOUT);
                primary.execute(db, "INSERT INTO t VALUES (2, 'committed')");
                harness.pollAtLeast(2, TIMEOUT);
                pair.awaitSlotSynced(SLOT, () -> reader.poll(Duration.ofMillis(100)));
                harness.clear();
                primary.execute(db, "INSERT INTO t VALUES (3, 'delivered, not committed')");
                assertThat(harness.pollUntil(events -> !events.isEmpty(), TIMEOUT, false))
                        .extracting(e -> e.key().get("id")).containsExactly(3);

                pair.failOver();
                pair.forgetStandbySlots();
                address.retarget("localhost", pair.standby().port());
                pair.standby().execute(db, "INSERT INTO t VALUES (4, 'on the new primary')");

                List<ChangeEvent> after = new java.util.ArrayList<>();
                int retries = 0;
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (after.stream().noneMatch(e -> e.key().get("id").equals(4))) {
                    assertThat(System.nanoTime()).as("the change on the new primary, after %d retries", retries)
                            .isLessThan(deadline);
                    try {
                        after.addAll(reader.poll(Duration.ofMillis(200)));
                    } catch (RetryableException e) {
                        retries++;
                        Thread.sleep(100); // the runtime's backoff
                    }
                }
                after.addAll(reader.poll(Duration.ofMillis(500)));
                if (engine.equals("native")) {
                    assertThat(retries).as("the lost connection was noticed").isPositive();
                    assertThat(after).extracting(e -> e.key().get("id")).containsExactly(4);
                } else {
                    // Debezium's engine restarts its own task from the last committed offset: the unacknowledged
                    // change comes again (at-least-once), then the new one.
                    assertThat(after).extracting(e -> e.key().get("id")).containsExactly(3, 4);
                }
                assertThat(after).extracting(ChangeEvent::op).containsOnly(Op.CREATE);
            }
        }
    }

    /** What the option is for: without it the slot is not on the promoted standby, and the source stops saying so. */
    @Test
    void withoutSlotFailoverThePromotedStandbyHasNoSlotAndTheSourceStops() throws Exception {
        try (PostgresFailoverPair pair = PostgresFailoverPair.start(servers)) {
            PostgresServer primary = pair.primary();
            String db = primary.createDatabase("no_failover");
            primary.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'snapshot')");
            Map<String, Object> config = config(primary, db, "native");
            config.put("slot_failover", false);
            try (CdcReader reader = PgTestSupport.reader(config, "failover", state)) {
                reader.start();
                new ReaderHarness(reader).pollAtLeast(1, TIMEOUT);
            }
            pair.failOver();
            config.put("port", pair.standby().port());
            try (CdcReader reader = PgTestSupport.reader(config, "failover", state)) {
                assertThatThrownBy(reader::start).hasMessageContaining("replication slot " + SLOT + " is gone");
            }
        }
    }

    /** A server without failover slots stops the start with the reason and the fix, whichever engine. */
    @ParameterizedTest
    @ValueSource(strings = {"native", "debezium"})
    void aServerWithoutFailoverSlotsStopsTheStart(String engine) throws Exception {
        Map<String, Object> config = local15(engine);
        try (CdcReader reader = PgTestSupport.reader(config, "failover15", state)) {
            assertThatThrownBy(reader::start).hasStackTraceContaining("slot_failover: PostgreSQL 15")
                    .hasStackTraceContaining("has no failover slots (PostgreSQL 17 and later have); connect to the"
                            + " primary of a PostgreSQL 17+ cluster, or remove slot_failover");
        }
        assertThat(checkItem(config)).satisfies(item -> {
            assertThat(item.outcome()).isEqualTo(PrerequisiteCheck.Outcome.FAIL);
            assertThat(item.message()).contains("has no failover slots");
        });
    }

    /** check: PASS naming the standbys the changes wait for; WARN when the primary lists none. */
    @Test
    void checkSaysWhetherAStandbyHasTheChangesFirst() throws Exception {
        try (PostgresFailoverPair pair = PostgresFailoverPair.start(servers)) {
            String db = pair.primary().createDatabase("failover_check");
            pair.primary().execute(db, "CREATE TABLE t (id int PRIMARY KEY)");
            Map<String, Object> config = config(pair.primary(), db, "native");
            PrerequisiteCheck listed = checkItem(config);
            assertThat(listed.outcome()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
            assertThat(listed.message()).contains("(" + PostgresFailoverPair.STANDBY_SLOT + ")");
            pair.primary().execute("postgres", "ALTER SYSTEM RESET synchronized_standby_slots", "SELECT pg_reload_conf()");
            Await.until("synchronized_standby_slots reset", () -> {
                try {
                    return checkItem(config).outcome() == PrerequisiteCheck.Outcome.WARN;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(checkItem(config).fix()).contains("ALTER SYSTEM SET synchronized_standby_slots");
        }
    }

    /**
     * Without slot_failover, check warns on a primary with standbys that a failover leaves the source without its slot;
     * it has nothing to say once the slot is a failover slot, on the standby, or on a server without failover slots.
     */
    @Test
    void checkWarnsOfAnOrdinarySlotOnAPrimaryWithStandbys() throws Exception {
        try (PostgresFailoverPair pair = PostgresFailoverPair.start(servers)) {
            String db = pair.primary().createDatabase("failover_hint");
            pair.primary().execute(db, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
            Map<String, Object> config = config(pair.primary(), db, "native");
            config.put("slot_failover", false);
            PrerequisiteCheck hint = checkItem(config);
            assertThat(hint.outcome()).isEqualTo(PrerequisiteCheck.Outcome.WARN);
            assertThat(hint.message()).contains("standbys' physical slots (" + PostgresFailoverPair.STANDBY_SLOT + ")")
                    .contains("slot " + SLOT + " is an ordinary slot");
            assertThat(hint.fix()).contains("slot_failover: true");

            config.put("slot_failover", true);
            try (CdcReader reader = PgTestSupport.reader(config, "failover", state)) {
                reader.start();
                new ReaderHarness(reader).pollAtLeast(1, TIMEOUT);
            }
            config.put("slot_failover", false);
            assertThat(checkItems(config)).as("the slot already is a failover slot").isEmpty();

            config.put("slot_name", "another_slot");
            config.put("port", pair.standby().port());
            pair.awaitStandbyReplayed(); // the database was created on the primary; the standby has it once replayed
            assertThat(checkItems(config)).as("on the standby").isEmpty();
        }
        Map<String, Object> fifteen = local15("native");
        fifteen.put("slot_failover", false);
        assertThat(checkItems(fifteen)).as("PostgreSQL 15").isEmpty();
    }

    private static Map<String, Object> config(PostgresServer pg, String db, String engine) {
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", engine);
        config.put("slot_name", SLOT);
        config.put("slot_failover", true);
        config.put("offset_flush_interval_ms", 0); // every commit saved (and confirmed) before commit returns
        config.put("heartbeat_interval_ms", 200); // the slot moves on while nothing is captured (awaitSlotSynced)
        return config;
    }

    /** The machine's PostgreSQL 15 (CI starts it, .ci/postgres.sh); skipped with the reason when it is not there. */
    private static Map<String, Object> local15(String engine) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:5432/postgres", "postgres", "postgres")) {
            Assumptions.assumeTrue(c.getMetaData().getDatabaseMajorVersion() < 17, "the server on localhost:5432 has"
                    + " failover slots; this test needs one without (the machine's PostgreSQL 15)");
        } catch (SQLException e) {
            Assumptions.abort("no PostgreSQL on localhost:5432 (the machine's PostgreSQL 15, .ci/postgres.sh): " + e.getMessage());
        }
        Map<String, Object> config = new java.util.HashMap<>();
        config.put("host", "localhost");
        config.put("port", 5432);
        config.put("database", "postgres");
        config.put("user", "postgres");
        config.put("password", "postgres");
        config.put("ssl_mode", "disable");
        config.put("engine", engine);
        config.put("slot_name", "failover_unsupported");
        config.put("slot_failover", true);
        config.put("include_tables", List.of("public.no_such_table"));
        return config;
    }

    private static PrerequisiteCheck checkItem(Map<String, Object> config) throws Exception {
        return checkItems(config).stream().findFirst().orElseThrow();
    }

    private static List<PrerequisiteCheck> checkItems(Map<String, Object> config) throws Exception {
        return new PostgresSourceFactory().check(PgTestSupport.options(config), ComponentContext.of("failover", Path.of(".")))
                .items().stream().filter(i -> i.name().equals("slot_failover")).toList();
    }

    private static String slotFailover(PostgresServer pg, String db) throws SQLException {
        try (Connection c = pg.connect(db)) {
            return io.cdctoolkit.engine.source.debezium.Jdbc.scalar(c,
                    "SELECT failover FROM pg_replication_slots WHERE slot_name = ?", SLOT);
        }
    }

    private static boolean confirmedPast(PostgresServer pg, String db, long lsn) {
        try (Connection c = pg.connect(db)) {
            return Long.parseLong(io.cdctoolkit.engine.source.debezium.Jdbc.scalar(c,
                    "SELECT confirmed_flush_lsn - '0/0'::pg_lsn FROM pg_replication_slots WHERE slot_name = ?", SLOT)) > lsn;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
