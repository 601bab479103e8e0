package io.cdctoolkit.engine.source.postgres.pgoutput;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.data.FieldType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hstore, ltree and citext (extension types, found by name) against a server that has the extensions: the
 * machine's PostgreSQL 15 on localhost:5432 (skipped when it is not reachable or lacks them). Oracles: the
 * server's {@code hstore_to_json} and its text output.
 */
class ExtensionTypeFormatsTest {

    private static final String DATABASE = "extension_formats_test";

    @BeforeAll
    static void createDatabase() {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL 15 on localhost:5432 is not reachable: " + e.getMessage());
        }
        try (Connection c = connect(DATABASE); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION hstore; CREATE EXTENSION ltree; CREATE EXTENSION citext");
        } catch (SQLException e) {
            Assumptions.abort("hstore, ltree or citext not installed: " + e.getMessage());
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    @Test
    void hstoreIsItsJsonObjectTextAndBinaryAlike() throws Exception {
        ColumnType hstore = PgTextTypes.of(0, -1, "hstore", List.of());
        assertThat(hstore.type()).isEqualTo(FieldType.JSON);
        for (String literal : List.of("k=>v", "\"a b\"=>\"x\\\"y\", n=>NULL, é=>ü, e=>\"\"", "")) {
            try (Connection c = connect(DATABASE); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT h::text, hstore_send(h), hstore_to_json(h)::text FROM (SELECT '"
                         + literal.replace("'", "''") + "'::hstore AS h) s")) {
                rs.next();
                Object text = hstore.decoder().decode(rs.getString(1));
                assertThat(hstore.binary().decode(rs.getBytes(2))).as(literal).isEqualTo(text);
                ObjectMapper json = new ObjectMapper();
                assertThat(json.readValue((String) text, LinkedHashMap.class)).as(literal)
                        .isEqualTo(json.readValue(rs.getString(3), Map.class));
            }
        }
        assertThat(hstore.decoder().decode("\"k\"=>\"v\"")).isEqualTo("{\"k\":\"v\"}"); // the type table's example
    }

    @Test
    void ltreeAndCitextAreTheirTexts() throws Exception {
        try (Connection c = connect(DATABASE); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT l::text, ci::text, citextsend(ci), la::text, ca::text, array_send(ca)"
                     + " FROM (SELECT 'Top.Science.Astronomy'::ltree AS l, 'MiXeD é'::citext AS ci,"
                     + " '{a.b,c}'::ltree[] AS la, '{\"X y\",NULL}'::citext[] AS ca) s")) {
            rs.next();
            ColumnType ltree = PgTextTypes.of(0, -1, "ltree", List.of());
            assertThat(ltree.readsBinary()).as("ltree_send exists only from PostgreSQL 13 on").isFalse();
            assertThat(ltree.decoder().decode(rs.getString(1))).isEqualTo("Top.Science.Astronomy");
            ColumnType citext = PgTextTypes.of(0, -1, "citext", List.of());
            assertThat(citext.binary().decode(rs.getBytes(3))).isEqualTo(citext.decoder().decode(rs.getString(2)))
                    .isEqualTo("MiXeD é");
            assertThat(PgTextTypes.of(0, -1, "_ltree", List.of()).decoder().decode(rs.getString(4)))
                    .isEqualTo(List.of("a.b", "c"));
            ColumnType citexts = PgTextTypes.of(0, -1, "_citext", List.of());
            assertThat(citexts.binary().decode(rs.getBytes(6))).isEqualTo(citexts.decoder().decode(rs.getString(5)))
                    .isEqualTo(Arrays.asList("X y", null));
        }
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:5432/" + database, "postgres", "postgres");
    }
}
