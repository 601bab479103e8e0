package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.DebeziumReader;
import io.cdctoolkit.engine.source.debezium.DebeziumSourceFactory;
import io.cdctoolkit.engine.source.debezium.ReaderSettings;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.source.debezium.RecordConverter;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.testing.PostgresServer;

import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Builds postgres-cdc options and readers against the shared embedded PostgreSQL. */
final class PgTestSupport {

    private PgTestSupport() {
    }

    static Map<String, Object> config(PostgresServer pg, String database) {
        Map<String, Object> raw = new HashMap<>();
        raw.put("host", pg.host());
        raw.put("port", pg.port());
        raw.put("database", database);
        raw.put("user", PostgresServer.SUPERUSER);
        raw.put("ssl_mode", "disable");
        raw.put("poll_interval_ms", 50);
        raw.put("engine", "debezium"); // the Debezium engine's tests; the native ones set engine: native
        return raw;
    }

    static Options options(Map<String, Object> raw) throws Exception {
        return Options.of("sources.pg.config", new PostgresSourceFactory().spec().options(), raw);
    }

    static CdcReader reader(Map<String, Object> raw, String name, Path stateDir) throws Exception {
        return new PostgresSourceFactory().create(options(raw), ComponentContext.of(name, stateDir));
    }

    /**
     * A reader like {@link #reader} but without the toolkit's Debezium converters
     * ({@link PostgresNumericConverter}, {@link PostgresTimeArrayConverter}, {@link PostgresArrayConverter},
     * {@link PostgresTimestampConverter}): values as Debezium's own
     * converters give them, the "before" that the converters must not change for values it reads right.
     */
    static CdcReader readerWithDebeziumConverters(Map<String, Object> raw, String name, Path stateDir) throws Exception {
        PostgresSourceFactory factory = new PostgresSourceFactory();
        Options options = options(raw);
        ComponentContext context = ComponentContext.of(name, stateDir);
        Map<String, String> properties = factory.engineProperties(options, context);
        properties.remove("converters");
        properties.remove(PostgresNumericConverter.NAME + ".type");
        properties.remove(PostgresTimeArrayConverter.NAME + ".type");
        properties.remove(PostgresArrayConverter.NAME + ".type");
        properties.remove(PostgresTimestampConverter.NAME + ".type");
        RecordConverter converter = new RecordConverter(factory.columnFilters(options),
                factory.topicResolver(options, context), factory.beforeImages(options));
        return new DebeziumReader("debezium-numerics", properties, converter, ReaderSettings.from(options, stateDir));
    }

    /** The server process streaming slot {@code slot} now ({@code active_pid}), or -1 when none. */
    static int walsenderPid(PostgresServer pg, String database, String slot) throws Exception {
        try (java.sql.Connection c = pg.connect(database);
             java.sql.PreparedStatement st = c.prepareStatement("SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
            st.setString(1, slot);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    /**
     * Drops the replication slots of {@code database} once their readers have let go of them: the
     * shared server has a fixed number of slots for every test of the JVM, and readers keep theirs on
     * stop ({@code slot.drop.on.stop=false}).
     */
    static void dropSlots(PostgresServer pg, String database) {
        Await.until("the replication slots of " + database + " dropped", () -> {
            try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
                st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                        + " WHERE database = '" + database + "' AND NOT active");
                try (ResultSet left = st.executeQuery(
                        "SELECT count(*) FROM pg_replication_slots WHERE database = '" + database + "'")) {
                    return left.next() && left.getInt(1) == 0;
                }
            } catch (SQLException e) {
                return false; // a slot that turned active again between the two statements: try again
            }
        });
    }

    /** Inserts one batch of rows, its ids offset by {@code offset}. */
    @FunctionalInterface
    interface Batch {
        void insert(int offset) throws Exception;
    }

    /** Checks the events of one batch. */
    @FunctionalInterface
    interface BatchCheck {
        void check(List<ChangeEvent> events, int offset) throws Exception;
    }

    /**
     * The shape of the tests that check one kind of value both ways: a batch inserted before the reader
     * starts is read from the snapshot (ids from 0), the same batch inserted again (ids from 100) is
     * read from the stream; each pass must give {@code perPass} events to {@code check}.
     */
    static void snapshotThenStream(CdcReader reader, int perPass, Duration timeout, Batch batch, BatchCheck check)
            throws Exception {
        batch.insert(0);
        reader.start();
        ReaderHarness harness = new ReaderHarness(reader);
        check.check(List.copyOf(harness.pollAtLeast(perPass, timeout)), 0);
        harness.clear();
        batch.insert(100);
        check.check(List.copyOf(harness.pollAtLeast(perPass, timeout)), 100);
    }

    /** The {@code after} rows of events that must all be readable. */
    /**
     * Polls as the runtime does until {@code events} holds {@code count} events: each batch committed, a
     * {@link io.cdctoolkit.engine.spi.RetryableException} (a lost connection) followed by a backoff. Returns the
     * retryable failures seen.
     */
    static List<io.cdctoolkit.engine.spi.RetryableException> pollThroughReconnects(CdcReader reader,
                                                                                   List<ChangeEvent> events, int count,
                                                                                   Duration timeout) throws Exception {
        List<io.cdctoolkit.engine.spi.RetryableException> retries = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < count) {
            assertThat(System.nanoTime()).as("%d changes; %d so far after %d retries: %s", count, events.size(),
                    retries.size(), events).isLessThan(deadline);
            try {
                List<ChangeEvent> batch = reader.poll(Duration.ofMillis(200));
                events.addAll(batch);
                if (!batch.isEmpty()) reader.commit(batch.get(batch.size() - 1).position());
            } catch (io.cdctoolkit.engine.spi.RetryableException e) {
                retries.add(e);
                Thread.sleep(100); // the runtime's backoff
            }
        }
        return retries;
    }

    static List<Row> rows(List<ChangeEvent> events) {
        List<Row> rows = new ArrayList<>();
        for (ChangeEvent event : events) {
            assertThat(event.isUnreadable()).as("unreadable: %s", event.unreadable()).isFalse();
            rows.add(Envelope.after(event.value()));
        }
        return rows;
    }

    /**
     * Our rows against the rows of a reader with Debezium's own converters: the same fields (defaults
     * included; the schema names differ, they carry the source's name) and values, row by row.
     */
    static void assertSameAs(List<Row> actual, List<Row> debeziums) {
        assertThat(actual).hasSameSizeAs(debeziums);
        assertThat(actual.get(0).schema().fields()).isEqualTo(debeziums.get(0).schema().fields());
        for (int r = 0; r < actual.size(); r++) {
            for (int f = 0; f < actual.get(r).schema().size(); f++) {
                assertThat(actual.get(r).get(f)).as("row %s field %s", r, actual.get(r).schema().field(f).name())
                        .isEqualTo(debeziums.get(r).get(f));
            }
        }
    }
}
