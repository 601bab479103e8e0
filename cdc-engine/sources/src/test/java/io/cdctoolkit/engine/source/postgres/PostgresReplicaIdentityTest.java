package io.cdctoolkit.engine.source.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.BeforeImage;
import io.cdctoolkit.engine.source.debezium.BeforeImages;
import io.cdctoolkit.engine.source.debezium.DebeziumReader;
import io.cdctoolkit.engine.source.debezium.DebeziumSourceFactory;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.source.debezium.ReaderSettings;
import io.cdctoolkit.engine.source.debezium.RecordConverter;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Before images hold what PostgreSQL wrote into the old row, nothing more: without
 * {@code REPLICA IDENTITY FULL} a delete (and an update that changes the key) carries the key
 * columns only, and the other columns are null, never {@code ""}/{@code 0}/{@code false}, which is
 * what Debezium's converters put in NOT NULL columns it did not receive.
 */
class PostgresReplicaIdentityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** The application name of {@link #otherSessions}' own connections, which it leaves out. */
    private static final String SESSION_COUNT = "cdc-test-session-count";
    private static final String COLUMNS = "(id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL,"
            + " price numeric(10,2) NOT NULL, flag boolean NOT NULL, at timestamp NOT NULL, tags int[] NOT NULL,"
            + " note text, n int)";
    private static final String ROWS = " VALUES (1, 'ada', 5, 12.50, true, '2024-01-31 12:34:56.123456', '{1,2}', 'n1', 7),"
            + " (2, 'bob', 6, 0.25, false, '2023-05-06 07:08:09', '{}', NULL, NULL),"
            + " (3, 'cy', 7, 3.00, true, '2022-01-01 00:00:00', '{3}', 'n3', 3)";
    private static final String[] NON_KEY = {"name", "qty", "price", "flag", "at", "tags", "note", "n"};

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

    @RegisterExtension
    final PgDatabases databases = new PgDatabases();


    /**
     * The lookups share one connection, kept between them (a snapshot of a thousand tables logged in a thousand
     * times), which outlives the database's idle_session_timeout and, ended anyway (pg_terminate_backend, a restart),
     * is replaced by the next lookup; closing the lookups closes it.
     */
    @Test
    void lookupsShareOneKeptConnectionThatOutlivesBeingEnded() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String database = databases.create("pg_replid_kept");
        pg.execute(database, "CREATE TABLE d (id int PRIMARY KEY, v text)", "CREATE TABLE f (id int PRIMARY KEY, v text)",
                "ALTER TABLE f REPLICA IDENTITY FULL", "ALTER DATABASE " + database + " SET idle_session_timeout = '300ms'");
        TableId d = new TableId(database, "public", "d");
        TableId f = new TableId(database, "public", "f");
        PostgresReplicaIdentity identities = new PostgresReplicaIdentity(
                PostgresInspector.jdbc(PgTestSupport.options(PgTestSupport.config(pg, database))));
        try {
            for (int round = 1; round <= 3; round++) {
                if (round == 3) {
                    pg.execute(database, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                            + database + "' AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
                }
                assertThat(identities.of(d)).as("round %d", round).isEqualTo(BeforeImage.keyOnly(Set.of("id")));
                assertThat(identities.of(f)).as("round %d", round).isEqualTo(BeforeImage.FULL);
                assertThat(otherSessions(pg, database)).as("sessions the lookups hold, round %d", round).isEqualTo(1);
                Thread.sleep(600); // longer than the database's idle_session_timeout
            }
        } finally {
            identities.close();
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (otherSessions(pg, database) > 0 && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(otherSessions(pg, database)).as("sessions left after close").isZero();
    }

    /**
     * The sessions of {@code database} other than this count's own, past and present: a count's backend may still be
     * listed for a moment after its connection closed (once a fresh-clone CI run saw 1 left "after close" that way),
     * so every count names itself and is left out.
     */
    private static long otherSessions(PostgresServer pg, String database) throws Exception {
        try (Connection c = pg.connect(database); Statement st = c.createStatement()) {
            st.execute("SET application_name = '" + SESSION_COUNT + "'");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database
                    + "' AND application_name <> '" + SESSION_COUNT + "' AND backend_type = 'client backend'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void beforeImagesHoldTheKeyAndNullsWithoutFullIdentityAndEveryOldValueWithIt() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String database = databases.create("pg_replid");
        pg.execute(database, "CREATE TABLE d " + COLUMNS, "CREATE TABLE f " + COLUMNS,
                "ALTER TABLE f REPLICA IDENTITY FULL", "INSERT INTO d" + ROWS, "INSERT INTO f" + ROWS);
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, database), "replid", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = harness.pollAtLeast(6, TIMEOUT);
            RowSchema defaultRows = rowSchema(of(snapshot, "d", Op.READ, 0));
            RowSchema fullRows = rowSchema(of(snapshot, "f", Op.READ, 0));
            // Key-only before images lack the other columns, so those may be null in d's rows; f's stay as declared.
            assertThat(defaultRows.field("id").optional()).isFalse();
            for (String c : NON_KEY) assertThat(defaultRows.field(c).optional()).as(c).isTrue();
            for (String c : new String[]{"id", "name", "qty", "price", "flag", "at", "tags"}) {
                assertThat(fullRows.field(c).optional()).as(c).isFalse();
            }
            assertThat(json(Envelope.after(of(snapshot, "d", Op.READ, 0).value())))
                    .isEqualTo(json(Envelope.after(of(snapshot, "f", Op.READ, 0).value())));

            harness.clear();
            for (String t : new String[]{"d", "f"}) {
                pg.execute(database, "DELETE FROM " + t + " WHERE id = 1",
                        "UPDATE " + t + " SET id = 20 WHERE id = 2",
                        "UPDATE " + t + " SET qty = 9 WHERE id = 3");
            }
            // per table: the delete; the key change as delete of the old key + create of the new; the update
            List<ChangeEvent> changes = harness.pollAtLeast(8, TIMEOUT);

            ChangeEvent deleted = of(changes, "d", Op.DELETE, 0);
            assertThat(deleted.key().get("id")).isEqualTo(1);
            assertThat(Envelope.after(deleted.value())).isNull();
            assertThat(json(Envelope.before(deleted.value()))).isEqualTo(JSON.readTree(
                    "{\"id\":1,\"name\":null,\"qty\":null,\"price\":null,\"flag\":null,\"at\":null,\"tags\":null,\"note\":null,\"n\":null}"));

            ChangeEvent oldKey = of(changes, "d", Op.DELETE, 1);
            assertThat(oldKey.key().get("id")).isEqualTo(2);
            Row oldKeyBefore = Envelope.before(oldKey.value());
            assertThat(oldKeyBefore.get("id")).isEqualTo(2);
            for (String c : NON_KEY) assertThat(oldKeyBefore.get(c)).as(c).isNull();
            ChangeEvent newKey = of(changes, "d", Op.CREATE, 0);
            assertThat(newKey.key().get("id")).isEqualTo(20);
            assertThat(json(Envelope.after(newKey.value()))).isEqualTo(JSON.readTree(
                    "{\"id\":20,\"name\":\"bob\",\"qty\":6,\"price\":\"0.25\",\"flag\":false,"
                            + "\"at\":\"2023-05-06T07:08:09.000000Z\",\"tags\":[],\"note\":null,\"n\":null}"));
            // An update that keeps the key: PostgreSQL writes no old row at all.
            assertThat(Envelope.before(of(changes, "d", Op.UPDATE, 0).value())).isNull();

            assertThat(json(Envelope.before(of(changes, "f", Op.DELETE, 0).value()))).isEqualTo(JSON.readTree(
                    "{\"id\":1,\"name\":\"ada\",\"qty\":5,\"price\":\"12.50\",\"flag\":true,"
                            + "\"at\":\"2024-01-31T12:34:56.123456Z\",\"tags\":[1,2],\"note\":\"n1\",\"n\":7}"));
            assertThat(json(Envelope.before(of(changes, "f", Op.DELETE, 1).value()))).isEqualTo(JSON.readTree(
                    "{\"id\":2,\"name\":\"bob\",\"qty\":6,\"price\":\"0.25\",\"flag\":false,"
                            + "\"at\":\"2023-05-06T07:08:09.000000Z\",\"tags\":[],\"note\":null,\"n\":null}"));
            Row fullUpdateBefore = Envelope.before(of(changes, "f", Op.UPDATE, 0).value());
            assertThat(fullUpdateBefore.get("qty")).isEqualTo(7);
            assertThat(fullUpdateBefore.get("name")).isEqualTo("cy");
        }
    }

    /**
     * Why the reader must know the replica identity: Debezium's own converters put a fallback in each
     * NOT NULL column an old-key tuple lacked (rows read without the lookup, as the reader did before
     * it). Should that part fail, Debezium stopped fabricating and the lookup could go. The toolkit's
     * converters ({@code numeric}, arrays) put a marker the reader refuses instead: read without the
     * lookup, such a before image is an unreadable event, not a value (and not a stopped connector,
     * which a null in a required field would give).
     */
    @Test
    void withoutTheLookupDebeziumsConvertersFabricateAndTheToolkitsGiveAnUnreadableEvent() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String database = databases.create("pg_replid_dbz");
        pg.execute(database, "CREATE TABLE p (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL,"
                        + " flag boolean NOT NULL, note text)",
                "CREATE TABLE m (id int PRIMARY KEY, price numeric(10,2) NOT NULL)",
                "INSERT INTO p VALUES (1, 'ada', 5, true, NULL)", "INSERT INTO m VALUES (1, 12.50)");
        Map<String, Object> raw = PgTestSupport.config(pg, database);
        PostgresSourceFactory factory = new PostgresSourceFactory();
        Options options = PgTestSupport.options(raw);
        ComponentContext context = ComponentContext.of("replid_dbz", state);
        RecordConverter withoutLookup = new RecordConverter(factory.columnFilters(options),
                factory.topicResolver(options, context), BeforeImages.ALL_FULL);
        try (CdcReader reader = new DebeziumReader("without-lookup", factory.engineProperties(options, context),
                withoutLookup, ReaderSettings.from(options, state))) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            harness.pollAtLeast(2, TIMEOUT);
            harness.clear();
            pg.execute(database, "DELETE FROM p WHERE id = 1", "DELETE FROM m WHERE id = 1");
            List<ChangeEvent> deletes = harness.pollAtLeast(2, TIMEOUT);
            Row before = Envelope.before(of(deletes, "p", Op.DELETE, 0).value());
            assertThat(before.get("id")).isEqualTo(1);
            assertThat(before.get("name")).isEqualTo("");    // was 'ada'
            assertThat(before.get("qty")).isEqualTo(0);      // was 5
            assertThat(before.get("flag")).isEqualTo(false); // was true
            assertThat(before.get("note")).isNull();         // nullable: no fallback

            ChangeEvent marked = of(deletes, "m", Op.DELETE, 0);
            assertThat(marked.isUnreadable()).isTrue();
            assertThat(marked.unreadable().field()).endsWith("price");
            assertThat(marked.key().get("id")).isEqualTo(1);
        }
    }

    private static ChangeEvent of(List<ChangeEvent> events, String table, Op op, int nth) {
        return events.stream().filter(e -> e.table().table().equals(table) && e.op() == op)
                .skip(nth).findFirst()
                .orElseThrow(() -> new AssertionError("no " + op + " #" + nth + " of " + table + " in " + events));
    }

    private static RowSchema rowSchema(ChangeEvent event) {
        return Envelope.after(event.value()).schema();
    }

    private static JsonNode json(Row row) throws Exception {
        return JSON.readTree(RowJson.toJson(row));
    }
}
