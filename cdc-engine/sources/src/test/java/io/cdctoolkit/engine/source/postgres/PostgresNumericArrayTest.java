package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.runtime.ErrorPolicy;
import io.cdctoolkit.engine.runtime.Pipeline;
import io.cdctoolkit.engine.runtime.PipelineResult;
import io.cdctoolkit.engine.runtime.PipelineSettings;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.SinkRecord;
import io.cdctoolkit.engine.testing.Await;
import io.cdctoolkit.engine.testing.JsonTestEncoder;
import io.cdctoolkit.engine.testing.RecordingSink;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.cdctoolkit.engine.testing.TestHeaders.asMap;
import static io.cdctoolkit.engine.source.postgres.PgTestSupport.assertSameAs;
import static io.cdctoolkit.engine.source.postgres.PgTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code numeric[]} (and domains over {@code numeric} / {@code numeric[]}): an element no decimal
 * holds ({@code NaN}, {@code ±Infinity}) or a nested (multi-dimensional) value makes the event
 * unreadable naming the column, in the snapshot and in the stream, instead of Debezium's WARN and a
 * {@code null} array; every other value arrives exactly as Debezium's own conversion gives it.
 */
class PostgresNumericArrayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TABLE = "CREATE DOMAIN money_amount AS numeric(10,2);"
            + " CREATE DOMAIN measures AS numeric[];"
            + " CREATE TABLE t (id int PRIMARY KEY, amounts numeric(10,2)[], free numeric[], note text,"
            + " one money_amount, many measures)";
    /** Columns after {@code id}, in insert order (note is filled in by {@link #insert}). */
    private static final String COLUMNS = "amounts, free, one, many";
    /** Values no element type holds: the column, and the row's {@link #COLUMNS} values. */
    private static final String[][] SPECIAL = {
            {"amounts", "'{1.5,NaN}', '{1}', 1, '{1}'"},
            {"free", "'{1.5}', '{Infinity}', 1, '{1}'"},
            {"free", "'{1.5}', '{-Infinity,2}', 1, '{1}'"},
            {"free", "'{1.5}', '{NULL,NaN}', 1, '{1}'"},
            {"amounts", "'{{1,2},{3,4}}', '{1}', 1, '{1}'"},
            {"free", "'{1.5}', '{{1},{2}}', 1, '{1}'"},
            {"one", "'{1.5}', '{1}', 'NaN', '{1}'"},
            {"many", "'{1.5}', '{1}', 1, '{7,NaN}'"},
            // First index 0: the index is part of the value, which the field cannot carry (Debezium: the elements).
            {"amounts", "'[0:1]={99999999.99,-99999999.99}', '{1}', 1, '{1}'"}};
    /** Values both ways of reading must give alike: NULL arrays, NULL and zero elements, scales, exponents. */
    private static final String[] GOOD = {
            "'{12.30,NULL,-7.5,0}', '{1.50,NULL,1e3,-0.000,12345678901234567890.123456789}', 12.5, '{0.10,NULL}'",
            "NULL, NULL, NULL, NULL",
            "'{}', '{}', 0, '{}'",
            "'{NULL}', '{NULL,NULL}', -99999999.99, '{NULL}'",
            "'{99999999.99,-99999999.99}', '{1e-20,-1e20}', 1, '{5}'"};

    @TempDir
    Path ours;
    @TempDir
    Path debeziums;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();


    @Test
    void specialElementsAreUnreadableNamingTheColumnAndTheRowsAfterThemArrive() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_numeric_array_special");
        pg.execute(db, TABLE);
        try (CdcReader reader = PgTestSupport.reader(PgTestSupport.config(pg, db), "numeric_array_special", ours)) {
            PgTestSupport.snapshotThenStream(reader, SPECIAL.length + 1, TIMEOUT, offset -> insertSpecialThenGood(pg, db, offset),
                    (events, offset) -> assertSpecialThenGood(events, offset));
        }
    }

    @Test
    void underDeadLetterTheRowIsDeadLetteredNamingTheColumnAndTheRowsAfterItArrive() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_numeric_array_dlq");
        pg.execute(db, "CREATE TABLE readings (id int PRIMARY KEY, samples numeric[], site text NOT NULL)",
                "INSERT INTO readings VALUES (1, '{1.5,2}', 'north'), (2, '{1.5,NaN}', 'south'), (3, '{}', 'east')");
        RecordingSink sink = RecordingSink.acking();
        Pipeline pipeline = Pipeline.builder()
                .source(PgTestSupport.reader(PgTestSupport.config(pg, db), "numeric_array_dlq", ours))
                .encoder(new JsonTestEncoder()).sink(sink)
                .settings(PipelineSettings.defaults().withPollTimeout(5).withOnError(ErrorPolicy.DEAD_LETTER)
                        .withDeadLetterTopic("readings.dlq"))
                .build();
        CompletableFuture<PipelineResult> run = CompletableFuture.supplyAsync(pipeline::run);
        try {
            Await.until("the snapshot: 2 rows and a dead letter", () -> run.isDone() || sink.records().size() >= 3,
                    pipeline::counts);
            pg.execute(db, "INSERT INTO readings VALUES (4, '{Infinity}', 'west')",
                    "INSERT INTO readings VALUES (5, '{NULL,7}', 'south')");
            Await.until("the stream: a dead letter and the row after it",
                    () -> run.isDone() || sink.records().size() >= 5, pipeline::counts);
        } finally {
            pipeline.stop();
        }
        PipelineResult result = run.get(60, TimeUnit.SECONDS);

        assertThat(result.failure()).isNull();
        assertThat(result.counts().deadLettered()).isEqualTo(2);
        List<SinkRecord> rows = sink.records().stream().filter(r -> !r.topic().equals("readings.dlq")).toList();
        assertThat(rows).extracting(r -> Envelope.after(r.event().value()).get("id")).containsExactly(1, 3, 5);
        assertThat(Envelope.after(rows.get(2).event().value()).get("samples")).isEqualTo(Arrays.asList(null, "7"));
        List<SinkRecord> dead = sink.records().stream().filter(r -> r.topic().equals("readings.dlq")).toList();
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("{\"id\":2}", "{\"id\":4}");
        assertThat(dead).allSatisfy(r -> {
            Map<String, String> headers = asMap(r.headers());
            assertThat(headers).containsEntry("cdc.error.stage", "source").containsEntry("cdc.error.field", "samples")
                    .containsEntry("cdc.error.table", db + ".public.readings");
            assertThat(headers.get("cdc.error.position")).contains("lsn");
            assertThat(headers.get("cdc.error.message")).contains("is not a number");
        });
        // The dead letter holds the array as PostgreSQL holds it, the special element included.
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8))
                .contains("\"samples\":[\"1.5\",\"NaN\"]", "\"site\":\"south\"");
        assertThat(new String(dead.get(1).value(), StandardCharsets.UTF_8)).contains("\"samples\":[\"Infinity\"]");
    }

    @Test
    void readableValuesArriveExactlyAsDebeziumsOwnConversionGivesThem() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_numeric_array_good");
        pg.execute(db, TABLE);
        insertGood(pg, db, 0);
        Map<String, Object> config = PgTestSupport.config(pg, db);
        try (CdcReader reader = PgTestSupport.reader(config, "numeric_array_ours", ours);
             CdcReader plain = PgTestSupport.readerWithDebeziumConverters(config, "numeric_array_debezium", debeziums)) {
            reader.start();
            plain.start();
            ReaderHarness withConverter = new ReaderHarness(reader);
            ReaderHarness withoutConverter = new ReaderHarness(plain);
            List<Row> snapshot = rows(withConverter.pollAtLeast(GOOD.length, TIMEOUT));
            assertSameAs(snapshot, rows(withoutConverter.pollAtLeast(GOOD.length, TIMEOUT)));
            assertAsStored(pg, db, snapshot);
            withConverter.clear();
            withoutConverter.clear();

            insertGood(pg, db, 100);
            List<Row> stream = rows(withConverter.pollAtLeast(GOOD.length, TIMEOUT));
            assertSameAs(stream, rows(withoutConverter.pollAtLeast(GOOD.length, TIMEOUT)));
            assertAsStored(pg, db, stream);
        }
    }

    private static void insertSpecialThenGood(PostgresServer pg, String db, int base) throws Exception {
        String[] sql = new String[SPECIAL.length + 1];
        for (int i = 0; i < SPECIAL.length; i++) sql[i] = insert(base + i, SPECIAL[i][1]);
        sql[SPECIAL.length] = insert(base + SPECIAL.length, GOOD[0]);
        pg.execute(db, sql);
    }

    private static void insertGood(PostgresServer pg, String db, int base) throws Exception {
        String[] sql = new String[GOOD.length];
        for (int i = 0; i < GOOD.length; i++) sql[i] = insert(base + i, GOOD[i]);
        pg.execute(db, sql);
    }

    private static String insert(int id, String values) {
        return "INSERT INTO t (id, note, " + COLUMNS + ") VALUES (" + id + ", 'row " + id + "', " + values + ")";
    }

    private static void assertSpecialThenGood(List<ChangeEvent> events, int base) {
        assertThat(events).hasSize(SPECIAL.length + 1);
        for (int i = 0; i < SPECIAL.length; i++) {
            ChangeEvent event = events.get(i);
            String column = SPECIAL[i][0];
            assertThat(event.isUnreadable()).as("row %s (%s) gave %s", base + i, SPECIAL[i][1], event.value()).isTrue();
            assertThat(event.unreadable().field()).isEqualTo(column);
            assertThat(event.key().get("id")).isEqualTo(base + i);
            assertThat(event.position()).isNotNull();
            assertThat(new String(event.unreadable().raw(), StandardCharsets.UTF_8))
                    .contains("\"id\":" + (base + i), "\"note\":\"row " + (base + i) + "\"");
        }
        assertThat(events.get(0).unreadable().reason()).contains("'NaN' is not a number", "decimal(10,2)");
        assertThat(events.get(1).unreadable().reason()).contains("'Infinity' is not a number");
        assertThat(events.get(2).unreadable().reason()).contains("'-Infinity' is not a number");
        assertThat(events.get(4).unreadable().reason()).contains("is a nested array", "decimal(10,2)");
        ChangeEvent good = events.get(SPECIAL.length);
        assertThat(good.isUnreadable()).as("unreadable: %s", good.unreadable()).isFalse();
        Row row = Envelope.after(good.value());
        assertThat(row.get("amounts")).isEqualTo(Arrays.asList(new BigDecimal("12.30"), null, new BigDecimal("-7.50"),
                new BigDecimal("0.00")));
        assertThat(row.get("note")).isEqualTo("row " + (base + SPECIAL.length));
    }

    /**
     * Against the database itself (pgjdbc): {@code numeric(10,2)[]} elements are the stored decimals, an
     * unconstrained {@code numeric[]}'s the stored numbers' plain text without trailing zeros.
     */
    private static void assertAsStored(PostgresServer pg, String db, List<Row> rows) throws Exception {
        assertThat(rows.get(0).schema().field("amounts").type()).isEqualTo(new FieldType.Array(new FieldType.Decimal(10, 2)));
        assertThat(rows.get(0).schema().field("free").type()).isEqualTo(new FieldType.Array(FieldType.STRING));
        assertThat(rows.get(0).schema().field("one").type()).isEqualTo(new FieldType.Decimal(10, 2));
        assertThat(rows.get(0).schema().field("many").type()).isEqualTo(new FieldType.Array(FieldType.STRING));
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            for (Row row : rows) {
                try (ResultSet rs = st.executeQuery("SELECT amounts, free FROM t WHERE id = " + row.get("id"))) {
                    assertThat(rs.next()).isTrue();
                    java.sql.Array amounts = rs.getArray(1);
                    assertThat(row.get("amounts")).isEqualTo(amounts == null ? null
                            : Arrays.asList((Object[]) amounts.getArray()));
                    java.sql.Array free = rs.getArray(2);
                    assertThat(row.get("free")).isEqualTo(free == null ? null : Arrays.stream((Object[]) free.getArray())
                            .map(v -> v == null ? null : plain((BigDecimal) v)).toList());
                }
            }
        }
    }

    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
