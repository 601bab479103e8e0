package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.source.debezium.ReaderHarness;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arrays of the built-in types Debezium has no schema for, of composite types (also through a domain), and
 * {@code tsvector[]}, under {@code engine: debezium} (the
 * native engine refuses these columns at start and names this engine): each element as the text PostgreSQL writes for
 * it — the oracle is the server's own {@code v[i]::text} —, NULL elements kept, in the snapshot and the stream, in
 * Debezium's field types ({@code array<bytes>}, {@code array<string>}). Debezium gave the whole array as null when an
 * element was NULL.
 */
class DebeziumUnknownArrayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** Column, type, a value of two elements: one, then NULL. */
    private static final String[][] COLUMNS = {
            {"lsn", "pg_lsn[]", "'{16/B374D848,NULL}'"}, {"q", "tsquery[]", "ARRAY['fat & rat'::tsquery, NULL]"},
            {"jp", "jsonpath[]", "ARRAY['$.a[*] ? (@ > 1)'::jsonpath, NULL]"},
            {"bx", "box[]", "ARRAY['(1.5,2),(30000000000,4)'::box, NULL]"},
            {"ls", "lseg[]", "ARRAY['[(1,2),(3,4.25)]'::lseg, NULL]"}, {"ln", "line[]", "ARRAY['{1,-1,0}'::line, NULL]"},
            {"pa", "path[]", "ARRAY['[(0,0),(1,1)]'::path, NULL]"},
            {"po", "polygon[]", "ARRAY['((0,0),(1,1),(1,0))'::polygon, NULL]"},
            {"ci", "circle[]", "ARRAY['<(1,2),3.5>'::circle, NULL]"}, {"x", "xid[]", "'{12345,NULL}'"},
            {"x8", "xid8[]", "'{9000000000,NULL}'"}, {"c", "cid[]", "'{5,NULL}'"}, {"t", "tid[]", "'{\"(0,1)\",NULL}'"},
            {"ac", "aclitem[]", "'{postgres=arwdDxt/postgres,NULL}'"},
            {"ts", "txid_snapshot[]", "'{\"10:20:10,14,15\",NULL}'"}, {"ps", "pg_snapshot[]", "'{\"10:20:10,14,15\",NULL}'"},
            {"m4", "int4multirange[]", "ARRAY['{[1,3),[5,7)}'::int4multirange, NULL]"},
            {"m8", "int8multirange[]", "ARRAY['{[1,3)}'::int8multirange, NULL]"},
            {"mn", "nummultirange[]", "ARRAY['{[1.5,3)}'::nummultirange, NULL]"},
            {"md", "datemultirange[]", "ARRAY['{[2024-01-01,2024-02-01)}'::datemultirange, NULL]"},
            {"mts", "tsmultirange[]", "ARRAY['{[2024-01-01 00:00,2024-02-01 00:00)}'::tsmultirange, NULL]"},
            {"mtz", "tstzmultirange[]", "ARRAY['{[2024-01-01 00:00+00,2024-02-01 00:00+00)}'::tstzmultirange, NULL]"},
            {"rp", "regproc[]", "'{now,NULL}'"}, {"rpr", "regprocedure[]", "'{now(),NULL}'"},
            {"ro", "regoper[]", "'{||/,NULL}'"}, {"rop", "regoperator[]", "'{\"||(text,text)\",NULL}'"},
            {"rc", "regclass[]", "'{pg_class,NULL}'"}, {"rt", "regtype[]", "'{integer,NULL}'"},
            {"rcfg", "regconfig[]", "'{english,NULL}'"}, {"rd", "regdictionary[]", "'{simple,NULL}'"},
            {"rn", "regnamespace[]", "'{public,NULL}'"}, {"rr", "regrole[]", "'{postgres,NULL}'"},
            {"tv", "tsvector[]", "ARRAY['a fat:2 cat'::tsvector, NULL]"},
            {"p", "pair[]", "ARRAY[ROW(7, 'x y')::pair, NULL]"}, {"pd", "pair_domain[]", "ARRAY[ROW(1, NULL)::pair, NULL]"},
    };

    @TempDir
    Path state;
    @RegisterExtension
    final PgDatabases databases = new PgDatabases();

    @Test
    void elementsArriveAsPostgresqlWritesThemNullElementsKept() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = databases.create("pg_dbz_unknown_arrays");
        String columns = Arrays.stream(COLUMNS).map(c -> c[0] + " " + c[1]).collect(Collectors.joining(", "));
        String names = Arrays.stream(COLUMNS).map(c -> c[0]).collect(Collectors.joining(", "));
        String values = Arrays.stream(COLUMNS).map(c -> c[2]).collect(Collectors.joining(", "));
        pg.execute(db, "CREATE TYPE pair AS (a int, b text)", "CREATE DOMAIN pair_domain AS pair",
                "CREATE TABLE t (id int PRIMARY KEY, " + columns + ")",
                "INSERT INTO t (id, " + names + ") VALUES (1, " + values + ")", "INSERT INTO t (id) VALUES (2)");
        Map<String, List<String>> expected = serverTexts(pg, db);
        Map<String, Object> config = PgTestSupport.config(pg, db);
        config.put("engine", "debezium");
        config.put("slot_name", "dbz_unknown_arrays");
        try (CdcReader reader = PgTestSupport.reader(config, "unknown_arrays", state)) {
            reader.start();
            ReaderHarness harness = new ReaderHarness(reader);
            List<ChangeEvent> snapshot = List.copyOf(harness.pollAtLeast(2, TIMEOUT));
            harness.clear();
            pg.execute(db, "INSERT INTO t (id, " + names + ") SELECT id + 10, " + names + " FROM t");
            List<ChangeEvent> stream = List.copyOf(harness.pollAtLeast(2, TIMEOUT));

            for (List<ChangeEvent> events : List.of(snapshot, stream)) {
                Row withValues = Envelope.after(events.get(0).value());
                Row withNulls = Envelope.after(events.get(1).value());
                for (String[] column : COLUMNS) {
                    String name = column[0];
                    boolean text = column[1].equals("tsvector[]");
                    assertThat(withValues.schema().field(name).type()).as(name)
                            .isEqualTo(new FieldType.Array(text ? FieldType.STRING : FieldType.BYTES));
                    assertThat(withValues.get(name)).as(name + " (Debezium: null for an array with a NULL element)")
                            .isNotNull();
                    List<String> elements = new ArrayList<>();
                    for (Object element : (List<?>) withValues.get(name)) {
                        elements.add(element == null ? null
                                : text ? (String) element : new String((byte[]) element, StandardCharsets.UTF_8));
                    }
                    assertThat(elements).as(name).isEqualTo(expected.get(name));
                    assertThat(withNulls.get(name)).as(name).isNull();
                }
            }
        }
    }

    /** Each column's elements of row 1 as the server writes them: {@code v[1]::text}, then NULL. */
    private static Map<String, List<String>> serverTexts(PostgresServer pg, String db) throws Exception {
        String select = Arrays.stream(COLUMNS).map(c -> c[0] + "[1]::text, " + c[0] + "[2] IS NULL")
                .collect(Collectors.joining(", "));
        Map<String, List<String>> texts = new java.util.HashMap<>();
        try (Connection c = pg.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + select + " FROM t WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            for (int i = 0; i < COLUMNS.length; i++) {
                assertThat(rs.getBoolean(2 * i + 2)).isTrue();
                texts.put(COLUMNS[i][0], Arrays.asList(rs.getString(2 * i + 1), null));
            }
        }
        return texts;
    }
}
